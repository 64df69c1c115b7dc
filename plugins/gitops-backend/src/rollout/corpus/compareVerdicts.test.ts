import {
  fieldsNamedByServer,
  findMismatches,
  JudgedDocument,
  mismatchTable,
  semanticRefusalUse,
} from './__testUtils__/compareVerdicts';

const judged = (
  schema: string | true,
  parser?: string[],
  source = 'docs/a.md',
): JudgedDocument => ({
  document: {
    source,
    index: 0,
    line: 7,
    origin: 'yaml block',
    kind: 'Canary',
    apiVersion: 'flagger.app/v1beta1',
    doc: {},
  },
  schema:
    schema === true
      ? { accepted: true, message: '' }
      : { accepted: false, message: schema },
  parser: parser && { accepted: parser.length === 0, messages: parser },
});

const invalid = (fields: string) =>
  `Invalid (422): Canary.flagger.app "podinfo" is invalid: [${fields}, <nil>: Invalid value: null: some validation rules were not checked]`;

describe('fieldsNamedByServer', () => {
  it('reads the fields of an Invalid status and of strict decoding errors', () => {
    expect(
      fieldsNamedByServer(
        invalid(
          'metadata.name: Required value: name or generateName is required, spec.analysis.metrics[0].interval: Invalid value: "x": in body should match',
        ),
      ),
    ).toEqual(['metadata.name', 'spec.analysis.metrics[0].interval']);
    expect(
      fieldsNamedByServer(
        'Invalid (422): MetricTemplate.flagger.app "m" is invalid: spec.query: Required value',
      ),
    ).toEqual(['spec.query']);
    expect(
      fieldsNamedByServer(
        'BadRequest (400): Canary in version "v1beta1" cannot be handled as a Canary: strict decoding error: unknown field "spec.analysis.foo", unknown field "spec.bar"',
      ),
    ).toEqual(['spec.analysis.foo', 'spec.bar']);
    expect(
      fieldsNamedByServer(
        'Invalid (422): AlertProvider.flagger.app "x" is invalid: <nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf)',
      ),
    ).toEqual([]);
  });
});

describe('findMismatches', () => {
  const semantic = [
    {
      message: /^spec\.ingressRef: required/,
      reason: 'the nginx router needs it',
    },
  ];

  it('passes agreement, and a refusal the semantic list explains', () => {
    expect(
      findMismatches(
        [
          judged(true, []),
          judged(invalid('spec.service: Required value'), [
            'spec.service: required (only a Knative Service target may leave it out)',
          ]),
          judged(true, ['spec.ingressRef: required for provider nginx']),
          // No parser for the kind yet: only the schema's verdict.
          judged(invalid('spec: Required value')),
        ],
        semantic,
      ),
    ).toEqual([]);
  });

  it('reports every kind of disagreement, in a table naming the document', () => {
    const mismatches = findMismatches(
      [
        judged(invalid('spec.analysis: Required value'), [], 'docs/accepts.md'),
        judged(
          true,
          ['spec.analysis.match: A/B testing is not supported'],
          'docs/refuses.md',
        ),
        judged(
          'NotFound (404)',
          ['(document): not a Canary'],
          'docs/unnamed.md',
        ),
        judged(
          invalid(
            'spec.targetRef: Required value, spec.service: Required value',
          ),
          ['spec.targetRef: required'],
          'docs/partly.md',
        ),
      ],
      semantic,
    );
    expect(mismatches.map(m => [m.document.source, m.problem])).toEqual([
      ['docs/accepts.md', 'the schema refuses it, Slipway accepts it'],
      [
        'docs/refuses.md',
        'the schema accepts it, Slipway refuses it with no listed semantic check',
      ],
      [
        'docs/unnamed.md',
        'refusal names no field path: (document): not a Canary',
      ],
      [
        'docs/partly.md',
        'Slipway does not name spec.service, which the schema refuses',
      ],
    ]);
    expect(mismatchTable(mismatches.slice(0, 1))).toBe(
      [
        '- docs/accepts.md#0 (line 7, Canary)',
        `    schema:  refused: ${invalid('spec.analysis: Required value')}`,
        '    Slipway: accepted',
        '    problem: the schema refuses it, Slipway accepts it',
      ].join('\n'),
    );
  });

  it('counts a field inside or around the one the server names as naming it', () => {
    expect(
      findMismatches(
        [
          judged(invalid('metadata.name: Required value'), [
            'metadata: required',
          ]),
          judged(invalid('spec.service: Required value'), [
            'spec.service.port: required',
          ]),
        ],
        [],
      ),
    ).toEqual([]);
  });

  it('counts the documents each semantic refusal explains', () => {
    expect(
      semanticRefusalUse(
        [
          judged(true, ['spec.ingressRef: required for provider nginx']),
          // Refused by the schema too: nothing to explain.
          judged(invalid('spec.ingressRef: Required value'), [
            'spec.ingressRef: required for provider nginx',
          ]),
        ],
        [...semantic, { message: /^spec\.routeRef/, reason: 'apisix' }],
      ),
    ).toBe('  1 × ^spec\\.ingressRef: required\n  0 × ^spec\\.routeRef');
  });
});
