import { DEFAULT_MANIFEST_LIMITS } from './manifestLimits';
import { parseYamlDocuments } from './parseYamlDocuments';

const parse = (text: string) =>
  parseYamlDocuments(text, 'a.yaml', DEFAULT_MANIFEST_LIMITS);

const deployment = (container: string) =>
  [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata: {name: podinfo}', // 3
    'spec:', // 4
    '  containers:', // 5
    container,
  ].join('\n');

describe('parseYamlDocuments: where a file is wrong, as an editor numbers lines', () => {
  it('names a duplicated key and the line of its second occurrence', () => {
    expect(
      parse(
        deployment(
          [
            '  - name: app', // 6
            '    image: ghcr.io/stefanprodan/podinfo:6.0.0', // 7
            '    image: ghcr.io/stefanprodan/podinfo:6.0.1', // 8
          ].join('\n'),
        ),
      ),
    ).toEqual({
      error:
        "a.yaml line 8: invalid YAML: Map keys must be unique (duplicate key 'image')",
    });
    expect(
      parse(
        'kind: A\n---\napiVersion: v1\nkind: B\nmetadata: {name: x,\n  name: y}\n',
      ),
    ).toEqual({
      error:
        "a.yaml line 6: invalid YAML: Map keys must be unique (duplicate key 'name')",
    });
  });

  it('finds a key repeated through an alias, which would otherwise overwrite the first silently', () => {
    expect(
      parse(
        [
          'apiVersion: v1', // 1
          'kind: ConfigMap', // 2
          'metadata: {name: settings}', // 3
          'data:', // 4
          '  &mode mode: strict', // 5
          '  *mode : lenient', // 6
        ].join('\n'),
      ),
    ).toEqual({
      error:
        "a.yaml line 6: invalid YAML: Map keys must be unique (duplicate key 'mode')",
    });
  });

  it('compares keys as the object the document becomes: ~ and "" collide, ~ and "null" do not', () => {
    expect(
      parse('apiVersion: v1\nkind: ConfigMap\ndata:\n  ~: a\n  "": b\n'),
    ).toEqual({
      error:
        "a.yaml line 5: invalid YAML: Map keys must be unique (duplicate key '')",
    });
    expect(
      parse('apiVersion: v1\nkind: ConfigMap\ndata:\n  ~: a\n  "null": b\n'),
    ).toEqual({
      documents: [
        {
          line: 1,
          value: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            data: { '': 'a', null: 'b' },
          },
        },
      ],
    });
  });

  it('puts an alias without its anchor on its own line, not the document’s first', () => {
    expect(
      parse(
        [
          'apiVersion: v1', // 1
          'kind: ConfigMap', // 2
          'metadata:', // 3
          '  name: settings', // 4
          'data:', // 5
          '  mode: *nope', // 6
        ].join('\n'),
      ),
    ).toEqual({
      error:
        'a.yaml line 6: invalid YAML: alias *nope has no anchor &nope before it',
    });
  });

  it('keeps the line the parser gives other errors', () => {
    expect(parse('apiVersion: v1\nkind: A\nmetadata:\n\tname: x\n')).toEqual({
      error: 'a.yaml line 4: invalid YAML: Tabs are not allowed as indentation',
    });
    expect(
      parse(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: [unclosed\n  name: x\n',
      ),
    ).toEqual({
      error:
        'a.yaml line 5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    });
  });

  it('reports what the parser only notices at the end of the text on its last line with content, not on the empty line after it', () => {
    expect(parse('apiVersion: v1\nkind: A\nmetadata:\n  name: "x\n\n')).toEqual(
      {
        error: 'a.yaml line 4: invalid YAML: Missing closing "quote',
      },
    );
    expect(
      parse(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [unclosed\n',
      ),
    ).toEqual({
      error:
        'a.yaml line 5: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    });
  });
});
