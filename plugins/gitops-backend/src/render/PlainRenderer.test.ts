import { PlainRenderer } from './PlainRenderer';
import { memoryTree } from './testing/memoryTree';

const render = (
  files: Record<string, string>,
  renderer = new PlainRenderer(),
) => renderer.render(memoryTree(files), { namespace: 'default' });

describe('PlainRenderer', () => {
  it('reads multi-document YAML and JSON recursively, in path order, skipping other files', async () => {
    const objects = await render({
      'z/last.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
      }),
      'a.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: one}',
        '---',
        '# only a comment',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, namespace: shop}',
      ].join('\n'),
      'README.md': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: readme}',
      'nested/values.yml': 'replicas: 3\nimage: nginx\n',
      'nested/list.yml':
        'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: svc}}\n',
      'scripts/run.sh': 'kind: not-yaml',
    });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/one',
      'Deployment/web',
      'Service/svc',
      'Secret/s',
    ]);
    expect(objects[1].metadata.namespace).toBe('shop');
  });

  it('names the file and line of broken YAML', async () => {
    await expect(
      render({
        'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n',
        'deploy/broken.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [unclosed\n',
      }),
    ).rejects.toThrow(/^deploy\/broken\.yaml line \d+: invalid YAML: /);
    const error = await render({
      'dup.yaml':
        'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: d}\n',
    }).catch(e => e);
    expect(error.message).toMatch(
      /^dup\.yaml line 3: invalid YAML: Map keys must be unique/,
    );
  });

  it('skips broken YAML that does not look like a manifest', async () => {
    await expect(render({ 'notes.yaml': 'just: [broken\n' })).resolves.toEqual(
      [],
    );
  });

  it('refuses objects without apiVersion, kind or metadata.name, naming the file', async () => {
    await expect(
      render({ 'a.yaml': 'kind: ConfigMap\nmetadata: {name: x}\n' }),
    ).rejects.toThrow(
      "a.yaml line 1: object of kind 'ConfigMap' is missing apiVersion",
    );
    await expect(
      render({
        'b.yaml': '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
      }),
    ).rejects.toThrow(
      "b.yaml line 2: object of kind 'ConfigMap' is missing metadata.name",
    );
    await expect(
      render({ 'c.yaml': 'apiVersion: v1\nkind: List\nitems:\n- {name: x}\n' }),
    ).rejects.toThrow('c.yaml line 1 item 1: list item has no kind');
  });

  it('caps the total manifest size', async () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';
    await expect(
      render(
        { 'a.yaml': doc, 'b.yaml': doc },
        new PlainRenderer({ maxManifestBytes: doc.length + 1 }),
      ),
    ).rejects.toThrow(
      `Manifests exceed the ${doc.length + 1}-byte cap (at b.yaml)`,
    );
  });
});
