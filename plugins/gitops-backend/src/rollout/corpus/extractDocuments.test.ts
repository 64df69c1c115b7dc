import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  extractDocuments,
  extractFileDocuments,
  markdownYamlValues,
} from './__testUtils__/extractDocuments';
import { flaggerMeshProvider } from './__testUtils__/flaggerMeshProvider';

const KINDS = [
  { group: 'flagger.app', kind: 'Canary' },
  { group: 'flagger.app', kind: 'MetricTemplate' },
];

const canary = (name: string) => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: ${name}
spec:
  provider: istio`;

describe('extractDocuments', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("finds YAML files, YAML and unlabelled code blocks, list items' blocks and heredocs, with their lines", () => {
    write(
      'examples/a.yaml',
      `${canary('a')}\n---\napiVersion: v1\nkind: Service\n`,
    );
    write(
      'docs/guide.md',
      [
        '# Guide', // 1
        '```yaml', // 2
        canary('b'), // 3–8
        '```',
        '1. then:',
        '   ```yaml',
        ...canary('c')
          .split('\n')
          .map(l => `   ${l}`), // 12–17
        '   ```',
        '```',
        canary('d'), // 20–25
        '```',
        '```bash',
        'cat <<EOF | kubectl apply -f -', // 28
        canary('e'), // 29–34
        'EOF',
        '```',
        '```json',
        canary('not-yaml'),
        '```',
      ].join('\n'),
    );
    write(
      'test/mesh/test.sh',
      `create() {\n  cat <<EOF | kubectl apply -f -\n  ${canary('f')
        .split('\n')
        .join('\n  ')}\nEOF\n}\n`,
    );
    const { documents, skipped } = extractDocuments(root, KINDS);
    expect(skipped).toEqual([]);
    expect(
      documents.map(d => [d.source, d.index, d.line, d.origin, d.doc.metadata]),
    ).toEqual([
      ['docs/guide.md', 0, 3, 'yaml block', { name: 'b' }],
      ['docs/guide.md', 1, 12, 'yaml block', { name: 'c' }],
      ['docs/guide.md', 2, 20, 'yaml block', { name: 'd' }],
      ['docs/guide.md', 3, 29, 'heredoc', { name: 'e' }],
      ['examples/a.yaml', 0, 1, 'yaml file', { name: 'a' }],
      ['test/mesh/test.sh', 0, 3, 'heredoc', { name: 'f' }],
    ]);
  });

  it('keeps {{ }} inside string values, such as a MetricTemplate query', () => {
    write(
      'docs/metrics.md',
      '```yaml\napiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata: { name: errors }\nspec:\n  provider: { type: prometheus }\n  query: |\n    sum(rate(requests{namespace="{{ namespace }}"}[{{ interval }}]))\n```\n',
    );
    const { documents, skipped } = extractDocuments(root, KINDS);
    expect(skipped).toEqual([]);
    expect(documents).toHaveLength(1);
    expect((documents[0].doc.spec as { query: string }).query).toContain(
      '{{ namespace }}',
    );
  });

  it('skips templates, shell expansions and invalid YAML, saying why', () => {
    write('charts/app/Chart.yaml', 'name: app\n');
    write('charts/app/templates/canary.yaml', canary('templated'));
    write(
      'docs/helm.md',
      '```yaml\napiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: {{ .Values.name }}\n```\n',
    );
    write(
      'test/x.sh',
      `cat <<EOF | kubectl apply -f -\n${canary(
        '$NAME',
      )}\nEOF\ncat <<'EOF' > quoted.yaml\n${canary('$KEPT')}\nEOF\n`,
    );
    write(
      'docs/fragment.md',
      '```yaml\napiVersion: flagger.app/v1beta1\nkind: Canary\nspec:\n  analysis:\n  ...\n    stepWeight: 5\n```\n',
    );
    const { documents, skipped } = extractDocuments(root, KINDS);
    expect(documents.map(d => d.doc.metadata)).toEqual([{ name: '$KEPT' }]);
    expect(skipped.map(s => [s.source, s.line, s.reason])).toEqual([
      ['charts/app/templates/canary.yaml', 1, 'template'],
      ['docs/fragment.md', 2, 'invalid YAML'],
      ['docs/helm.md', 2, 'template'],
      ['test/x.sh', 2, 'shell expansion'],
    ]);
  });

  it('leaves out CRDs, other groups and other kinds', () => {
    write(
      'crd.yaml',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  names:\n    kind: Canary\n',
    );
    write(
      'other.yaml',
      'apiVersion: example.com/v1\nkind: Canary\nmetadata: { name: x }\n',
    );
    expect(extractDocuments(root, KINDS)).toEqual({
      documents: [],
      skipped: [],
      filesRead: 2,
    });
  });

  describe('flaggerMeshProvider', () => {
    it("reads the doc's own install step, the scripts beside it, or the kustomize overlay they apply", () => {
      write(
        'docs/nginx.md',
        'helm upgrade -i flagger --set meshProvider=nginx\n',
      );
      write('docs/plain.md', canary('x'));
      write(
        'docs/two.md',
        '--set meshProvider=istio\n--set meshProvider=linkerd\n',
      );
      write('test/contour/install.sh', '--set meshProvider=contour\n');
      write('test/contour/test.sh', canary('y'));
      write(
        'test/kuma/install.sh',
        'kubectl apply -k ${REPO_ROOT}/kustomize/kuma\n',
      );
      write('test/kuma/test.sh', canary('z'));
      write('kustomize/kuma/patch.yaml', 'args:\n  - -mesh-provider=kuma\n');
      expect(
        [
          'docs/nginx.md',
          'docs/plain.md',
          'docs/two.md',
          'test/contour/test.sh',
          'test/kuma/test.sh',
        ].map(source => flaggerMeshProvider(root, source)),
      ).toEqual(['nginx', undefined, undefined, 'contour', 'kuma']);
    });
  });

  it('reads one file as the whole tree reads it', () => {
    write('docs/a.md', ['```yaml', canary('a'), '```'].join('\n'));
    write('docs/b.md', ['```yaml', canary('b'), '```'].join('\n'));
    const { documents, skipped, filesRead } = extractFileDocuments(
      root,
      'docs/b.md',
      KINDS,
    );
    expect(filesRead).toBe(1);
    expect(skipped).toEqual([]);
    expect(documents.map(d => [d.source, d.line, d.doc.metadata])).toEqual([
      ['docs/b.md', 2, { name: 'b' }],
    ]);
  });
});

describe('markdownYamlValues', () => {
  it('parses every YAML block, fragments too, with the line it starts on', () => {
    const markdown = [
      '# Page', // 1
      '```yaml hl_lines="1"', // 2
      'metrics:', // 3
      '- name: m',
      '```',
      '=== "Tab"',
      '    ```yaml', // 7
      '    a: 1', // 8
      '    ---', // 9: where the second document starts
      '    b: 2',
      '    ```',
      '```yaml',
      'not: [valid',
      '```',
      '```json',
      '{"c": 3}',
      '```',
    ].join('\n');
    expect(markdownYamlValues(markdown)).toEqual([
      { line: 3, value: { metrics: [{ name: 'm' }] } },
      { line: 8, value: { a: 1 } },
      { line: 9, value: { b: 2 } },
    ]);
  });
});
