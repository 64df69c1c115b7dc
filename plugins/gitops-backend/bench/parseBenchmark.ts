/**
 * yarn bench:parse [--before]
 *
 * Feeds hostile input to the manifest parser and the git source and
 * prints, for each attack, how it ended, how long it took, the main event
 * loop's longest stall and the process's peak RSS. Targets: no stall over
 * 100 ms, RSS under 1 GiB throughout.
 *
 * --only=yaml or --only=git runs one half.
 *
 * --before runs the same attacks the way they were handled before the
 * caps: YAML parsed on the main thread with the library's duplicate-key
 * check, git fetched with isomorphic-git's plain HTTP client.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startGitServer } from '@internal/test-env';
import git from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { parseAllDocuments } from 'yaml';
import { parseManifests } from '../src/render/parseManifests';
import { readGitTree, RepoCache } from '@slipway/plugin-gitops-node';
import {
  addManyRefs,
  shInGitDir,
  writeZeroBlobRepo,
} from '@internal/test-env/src/gitBombs';

const before = process.argv.includes('--before');
/** `--only=git` or `--only=yaml` runs one half. */
const only = process.argv.find(a => a.startsWith('--only='))?.slice(7);
const MiB = 1024 * 1024;
const header =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';

function manyKeys(bytes: number): string {
  const lines = [header];
  let size = header.length;
  for (let i = 0; size < bytes; i++) {
    const line = `  key${i}: value${i}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

/** Deployments of a realistic size, one document each, up to `bytes`. */
function manyManifests(bytes: number): string {
  const documents: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const env = Array.from(
      { length: 40 },
      (_, e) =>
        `            - { name: SETTING_${e}, value: "value-${i}-${e}" }`,
    ).join('\n');
    const doc = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels: { app: app-${i}, tier: web }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: app-${i} } }\n  template:\n    metadata: { labels: { app: app-${i} } }\n    spec:\n      containers:\n        - name: app\n          image: example.test/app:${i}\n          env:\n${env}\n`;
    documents.push(doc);
    size += doc.length + 4;
  }
  return documents.join('---\n');
}

function deepNesting(bytes: number): string {
  const depth = Math.floor((bytes - header.length) / 2);
  return `${header}  d: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

function aliasBomb(bytes: number): string {
  const filler = 'x'.repeat(bytes - 4096);
  return `${header}  a: &a "${filler}"\n  b: [${Array(99)
    .fill('*a')
    .join(', ')}]\n`;
}

function billionLaughs(): string {
  const lines = [
    `${header}  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`,
  ];
  for (let i = 1; i < 9; i++) {
    lines.push(
      `  l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]\n`,
    );
  }
  return lines.join('');
}

/** How the main thread parsed manifests before: the library's quadratic duplicate-key check, on the event loop. */
async function parseOnMainThread(text: string): Promise<string> {
  const docs = parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: true,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  let bytes = 0;
  for (const doc of list) {
    if (doc.errors[0]) throw new Error(doc.errors[0].message.split('\n')[0]);
    bytes += JSON.stringify(doc.toJS({ maxAliasCount: 100 })).length;
  }
  return `parsed, ${bytes} bytes as JSON`;
}

async function measure(name: string, attack: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let last = performance.now();
  let stall = 0;
  let peakRss = process.memoryUsage.rss();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const probe = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  let outcome: string;
  try {
    const result = await attack();
    outcome = typeof result === 'string' ? result : 'accepted';
  } catch (error) {
    outcome = `refused: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  // A loop blocked until now never ticked: the wait since the last tick counts.
  stall = Math.max(stall, performance.now() - last);
  clearInterval(probe);
  delay.disable();
  stall = Math.max(stall, delay.max / 1e6);
  // A rise while the loop was blocked shows only in the kernel's high-water mark.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  if (maxRss > maxRssBefore) peakRss = Math.max(peakRss, maxRss);
  const line = [
    name.padEnd(34),
    `${(ms / 1000).toFixed(2)} s`.padStart(9),
    `stall ${stall.toFixed(0)} ms`.padStart(15),
    `peak RSS ${(peakRss / MiB).toFixed(0)} MiB`.padStart(19),
    ` ${outcome.length > 150 ? `${outcome.slice(0, 150)}…` : outcome}`,
  ];
  console.log(line.join(' '));
}

async function main() {
  console.log(before ? 'BEFORE (no caps)' : 'AFTER (caps, worker)');
  const parse = (text: string, file: string) =>
    before
      ? parseOnMainThread(text)
      : parseManifests(text, file).then(o => `parsed ${o.length} objects`);

  // The machine's own scheduling noise: the same probes around an idle wait.
  await measure('control: idle 5 s', async () => {
    await new Promise(resolve => setTimeout(resolve, 5000));
    return 'idle';
  });
  if (only !== 'git') await yamlAttacks(parse);
  if (only !== 'yaml') await gitAttacks();
}

/** The 40k-key file from the report; 5 MiB versions only with the caps (the quadratic check would take hours). */
async function yamlAttacks(
  parse: (text: string, file: string) => Promise<string>,
) {
  // Inputs are built before measuring: only the parse is measured.
  const keys40k = manyKeys(40_000 * 18);
  await measure('yaml: 40k keys (0.7 MiB)', () => parse(keys40k, 'keys.yaml'));
  // Not an attack: what a large Helm chart renders. It must still parse.
  const render = manyManifests(5 * MiB);
  await measure('yaml: 5 MiB render, many manifests', () =>
    parse(render, 'helm template output'),
  );
  if (!before) {
    const keys = manyKeys(5 * MiB);
    await measure('yaml: 5 MiB of keys', () => parse(keys, 'keys.yaml'));
    const dup = `${keys}  key1: again\n`;
    await measure('yaml: 5 MiB of keys + duplicate', () =>
      parse(dup, 'dup.yaml'),
    );
    const deep = deepNesting(5 * MiB);
    await measure('yaml: 5 MiB of nesting', () => parse(deep, 'deep.yaml'));
  }
  const bomb = aliasBomb(5 * MiB);
  await measure('yaml: 5 MiB alias bomb (99 × 5 MiB)', () =>
    parse(bomb, 'bomb.yaml'),
  );
  const laughs = billionLaughs();
  await measure('yaml: billion laughs (9^9)', () =>
    parse(laughs, 'laughs.yaml'),
  );
}

async function gitAttacks() {
  const server = await startGitServer();
  const cacheDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'slipway-bench-parse-'),
  );
  try {
    const zeros = path.join(server.root, 'zeros.git');
    const sha = await writeZeroBlobRepo(zeros, 1024 * MiB);
    await shInGitDir(zeros, 'git repack --quiet -a -d');
    const refsUrl = await server.createBareRepo('refs', { 'a.yaml': 'a: 1\n' });
    const refsDir = path.join(server.root, 'refs.git');
    await addManyRefs(
      refsDir,
      await shInGitDir(refsDir, 'git rev-parse main'),
      100_000,
      40,
    );
    const longUrl = await server.createBareRepo('long', { 'a.yaml': 'a: 1\n' });
    const longDir = path.join(server.root, 'long.git');
    await addManyRefs(
      longDir,
      await shInGitDir(longDir, 'git rev-parse main'),
      2_000,
      4_000,
    );

    const zerosUrl = server.repoUrl('zeros');
    if (before) {
      const plain = { fs: require('node:fs'), http: nodeHttp };
      await measure('git: 1 GiB zeros, fetch', async () => {
        const gitdir = path.join(cacheDir, 'before.git');
        await git.init({ fs: plain.fs, gitdir, bare: true });
        await git.addRemote({
          fs: plain.fs,
          gitdir,
          remote: 'origin',
          url: zerosUrl,
        });
        await git.fetch({
          ...plain,
          gitdir,
          url: zerosUrl,
          ref: 'main',
          singleBranch: true,
          depth: 1,
        });
        return 'fetched and indexed';
      });
      await measure(
        'git: 100k refs',
        async () =>
          `${
            (
              await git.listServerRefs({
                ...plain,
                url: refsUrl,
                protocolVersion: 2,
              })
            ).length
          } refs`,
      );
      await measure(
        'git: 2k refs of 4 KB names',
        async () =>
          `${
            (
              await git.listServerRefs({
                ...plain,
                url: longUrl,
                protocolVersion: 2,
              })
            ).length
          } refs`,
      );
    } else {
      const cache = new RepoCache({ cacheDir });
      await measure('git: 1 GiB zeros, fetch', () =>
        cache.repo(zerosUrl).sync('main'),
      );
      await measure('git: 1 GiB zeros, read packed', () =>
        readGitTree({
          gitdir: zeros,
          commitSha: sha,
          path: 'app',
          repo: 'zeros',
        }),
      );
      await measure('git: 100k refs', () =>
        cache.repo(refsUrl).resolve('main'),
      );
      await measure('git: 2k refs of 4 KB names', () =>
        cache.repo(longUrl).resolve('main'),
      );
    }
  } finally {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
