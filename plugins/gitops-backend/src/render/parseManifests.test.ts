import { parseManifests } from './parseManifests';
import { RenderError } from './RenderError';

const header =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';

function manyKeys(count: number): string {
  const lines = [header];
  for (let i = 0; i < count; i++) lines.push(`  key${i}: v${i}\n`);
  return lines.join('');
}

/** Longest gap between timer ticks while `work` runs: how long the event loop was blocked. */
async function longestStall<T>(
  work: () => Promise<T>,
): Promise<{ result: PromiseSettledResult<T>; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(probe);
  return { result, stallMs };
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(RenderError);
  return (error as Error).message;
}

describe('parseManifests', () => {
  it('reads multi-document YAML, JSON and Lists with their lines', async () => {
    const objects = await parseManifests(
      `${header}  a: "1"\n---\n{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}}]}\n---\n# only a comment\n`,
      'app.yaml',
    );
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/big',
      'Secret/s',
    ]);
    expect(
      await messageOf(parseManifests('a: 1\n---\nkind: Pod\n', 'pod.yaml')),
    ).toBe(
      "pod.yaml line 3: object of kind 'Pod' is missing apiVersion, metadata.name",
    );
    // Broken YAML that does not look like a manifest is skipped, as before.
    expect(await parseManifests('a: [1\nb: {', 'notes.yaml')).toEqual([]);
  });

  it('parses 40,000 keys off the event loop and names a duplicate key with its line', async () => {
    const text = `${manyKeys(40_000)}  key17: again\n`;
    const { result, stallMs } = await longestStall(() =>
      parseManifests(text, 'big.yaml'),
    );
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason.message).toBe(
      `big.yaml line ${
        5 + 40_000 + 1
      }: invalid YAML: Map keys must be unique (duplicate key 'key17')`,
    );
    // The library's own duplicate check blocked the loop for over 17 s here.
    expect(stallMs).toBeLessThan(1000);
    const valid = await parseManifests(manyKeys(40_000), 'big.yaml');
    expect(Object.keys(valid[0].data as object)).toHaveLength(40_000);
  }, 120_000);

  it('refuses alias bombs by their expanded size and by their count', async () => {
    const bomb = `${header}  a: &a "${'x'.repeat(1 << 20)}"\n  b: [${Array(99)
      .fill('*a')
      .join(',')}]\n`;
    expect(await messageOf(parseManifests(bomb, 'bomb.yaml'))).toBe(
      'bomb.yaml line 7: values expand to more than 33554432 bytes of JSON (aliases counted in full), over the cap per file',
    );
    const nested = [`${header}  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n`];
    for (let i = 1; i < 9; i++) {
      nested.push(
        `  l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]\n`,
      );
    }
    expect(
      await messageOf(parseManifests(nested.join(''), 'laughs.yaml')),
    ).toMatch(
      /^laughs\.yaml line \d+: values expand to more than 33554432 bytes/,
    );
    expect(
      await messageOf(
        parseManifests(`${header}  a: &a x\n  b: [*a, *a, *a]\n`, 'few.yaml', {
          limits: { maxAliases: 2 },
        }),
      ),
    ).toBe('few.yaml line 7: more than 2 aliases in one file');
    expect(
      await messageOf(
        parseManifests(`${header}  a: &a [1, *a]\n`, 'loop.yaml'),
      ),
    ).toBe('loop.yaml line 6: alias *a refers to a node that contains it');
  });

  it('refuses deep nesting, too many nodes, too many documents and too many bytes', async () => {
    const deep = `${header}  d: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    expect(await messageOf(parseManifests(deep, 'deep.yaml'))).toBe(
      'deep.yaml line 6: nesting deeper than the 100-level cap',
    );
    const abyss = `${header}  d: ${'['.repeat(200_000)}\n`;
    expect(await messageOf(parseManifests(abyss, 'abyss.yaml'))).toMatch(
      /^abyss\.yaml( line \d+)?: (nesting deeper than the 100-level cap|invalid YAML: .*)$/,
    );
    expect(
      await messageOf(
        parseManifests(manyKeys(100), 'nodes.yaml', {
          limits: { maxNodes: 50 },
        }),
      ),
    ).toMatch(/^nodes\.yaml line \d+: more than 50 YAML nodes in one file$/);
    expect(
      await messageOf(
        parseManifests('a: 1\n---\nb: 2\n---\nc: 3\n', 'docs.yaml', {
          limits: { maxDocuments: 2 },
        }),
      ),
    ).toBe('docs.yaml line 4: more than 2 YAML documents in one file');
    expect(
      await messageOf(
        parseManifests(manyKeys(10), 'bytes.yaml', {
          limits: { maxFileBytes: 100 },
        }),
      ),
    ).toBe('bytes.yaml: 169 bytes, over the 100-byte cap per manifest file');
  }, 60_000);

  it('stops a parse over the time cap or the heap cap, then parses the next file in a fresh worker', async () => {
    const big = manyKeys(60_000);
    expect(
      await messageOf(
        parseManifests(big, 'slow.yaml', { limits: { timeoutMs: 20 } }),
      ),
    ).toBe('slow.yaml: parsing took longer than the 20 ms cap');
    expect(await parseManifests(header, 'next.yaml')).toHaveLength(1);

    expect(
      await messageOf(
        parseManifests(manyKeys(200_000), 'heap.yaml', {
          limits: { workerHeapMb: 24 },
        }),
      ),
    ).toBe(
      'heap.yaml: parsing needed more than the 24 MiB heap cap of the YAML parser',
    );
    expect(
      await parseManifests(header, 'after.yaml', {
        limits: { workerHeapMb: 24 },
      }),
    ).toHaveLength(1);
  }, 120_000);
});
