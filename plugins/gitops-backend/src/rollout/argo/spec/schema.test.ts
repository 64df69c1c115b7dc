import {
  blueGreenDoc,
  canaryDoc,
  errorsOf,
  istioCanary,
  nginxCanary,
  parseDoc,
  parseText,
  specOf,
} from './__testUtils__/documents';

/* The CRD's structure: types, required fields, unknown fields, nulls. */

describe('document', () => {
  it('takes only argoproj.io/v1alpha1 Rollout', () => {
    expect(
      parseDoc({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary' }),
    ).toEqual({
      errors: [
        '(document): expected argoproj.io/v1alpha1 Rollout, got flagger.app/v1beta1 Canary',
      ],
      warnings: [],
    });
    expect(parseDoc(null).errors).toEqual([
      '(document): expected argoproj.io/v1alpha1 Rollout, got undefined undefined',
    ]);
  });

  it('needs a name and a spec', () => {
    expect(
      errorsOf({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: {},
      }),
    ).toEqual(['metadata.name: required', 'spec: required']);
  });

  it('refuses a name the API server refuses', () => {
    const named = (name: string) => {
      const doc = canaryDoc({});
      (doc.metadata as Record<string, unknown>).name = name;
      return doc;
    };
    // Argo's own test data: pkg/kubectl-argo-rollouts/info/testdata/canary.
    expect(errorsOf(named('canary-demo-workloadRef'))).toEqual([
      `metadata.name: must be a lowercase RFC 1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit), got "canary-demo-workloadRef"`,
    ]);
    expect(errorsOf(named('web-'))).toHaveLength(1);
    expect(errorsOf(named('a'.repeat(254)))).toEqual([
      'metadata.name: must be at most 253 characters',
    ]);
    expect(specOf(named('web.v2')).source.name).toBe('web.v2');
  });

  it('ignores status and server-set metadata', () => {
    const doc = canaryDoc({});
    (doc.metadata as Record<string, unknown>).uid = 'abc';
    doc.status = { phase: 'Healthy' };
    expect(specOf(doc).source.name).toBe('web');
  });
});

describe('unknown fields', () => {
  it('refuses them where the CRD does not keep them', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            { stepz: [], steps: [{ setWeigth: 10 }] },
            { nginx: { stableIngress: 'web', annotationPrefx: 'x' } },
          ),
          { replica: 2 },
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setWeigth: unknown field',
      'spec.strategy.canary.trafficRouting.nginx.annotationPrefx: unknown field',
      'spec.strategy.canary.stepz: unknown field',
      'spec.replica: unknown field',
    ]);
  });

  it('refuses them in the pod template metadata, which the CRD limits to labels and annotations', () => {
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            template: {
              metadata: { labels: { app: 'web' }, name: 'x' },
              spec: { containers: [{ name: 'web' }] },
            },
          },
        ),
      ),
    ).toEqual(['spec.template.metadata.name: unknown field']);
  });

  it('keeps the pod spec as written', () => {
    const podSpec = {
      containers: [
        {
          name: 'web',
          image: 'web:1',
          ports: [{ name: 'http', containerPort: 8080 }],
          // Quantities are int-or-string; so is a probe's port.
          resources: { limits: { cpu: 1, memory: '512Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 'http' } },
          env: [
            {
              name: 'CPU',
              valueFrom: {
                resourceFieldRef: { resource: 'limits.cpu', divisor: 1 },
              },
            },
          ],
        },
      ],
      nodeSelector: { disk: 'ssd' },
      terminationGracePeriodSeconds: 30,
    };
    const spec = specOf(
      canaryDoc(
        {},
        {
          template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
        },
      ),
    );
    expect(spec.template?.spec).toEqual(podSpec);
  });

  it("refuses them in the pod spec, which the CRD checks against Kubernetes' PodSpec", () => {
    // Argo's test/kustomize/rollout/rollout.yaml writes an object where the list belongs.
    const podSpec = {
      containers: [
        { name: 'web', image: 'web:1', imagePullPolicyy: 'Always' },
        { name: 'side', image: 'side:1', ports: [{ containerPort: '80' }] },
      ],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: {
            podAffinityTerm: { topologyKey: 'zone' },
          },
        },
      },
      hostNetwork: 'yes',
      terminationGracePeriodSeconds: 1.5,
    };
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
          },
        ),
      ),
    ).toEqual([
      'spec.template.spec.containers[0].imagePullPolicyy: unknown field',
      'spec.template.spec.containers[1].ports[0].containerPort: must be an integer, got string',
      'spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution: must be an array, got object',
      'spec.template.spec.hostNetwork: must be a boolean, got string',
      'spec.template.spec.terminationGracePeriodSeconds: must be an integer',
    ]);
  });

  it('still needs containers, each named', () => {
    const withSpec = (spec: unknown) =>
      canaryDoc(
        {},
        { template: { metadata: { labels: { app: 'web' } }, spec } },
      );
    expect(errorsOf(withSpec({}))).toEqual([
      'spec.template.spec.containers: required',
    ]);
    expect(errorsOf(withSpec({ containers: [] }))).toEqual([
      'spec.template.spec.containers: must not be empty',
    ]);
    expect(errorsOf(withSpec({ containers: [{ image: 'web:1' }] }))).toEqual([
      'spec.template.spec.containers[0].name: required',
    ]);
    expect(errorsOf(withSpec({ containers: {} }))).toEqual([
      'spec.template.spec.containers: must be an array, got object',
    ]);
    expect(errorsOf(withSpec({ containers: [null] }))).toEqual([
      'spec.template.spec.containers[0]: must be an object, got null',
    ]);
  });

  it('warns about unknown Gateway API plugin fields, which the plugin ignores', () => {
    const result = parseDoc(
      canaryDoc(
        istioCanary(
          {},
          {
            istio: undefined,
            plugins: {
              'argoproj-labs/gatewayAPI': { httpRoute: 'web', httpRoutez: [] },
            },
          },
        ),
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI.httpRoutez: unknown field, ignored (the Gateway API plugin ignores it too)',
    ]);
  });
});

describe('types and required fields', () => {
  it('names the field and what it must be', () => {
    expect(
      errorsOf(
        canaryDoc(
          {
            steps: [
              { setWeight: '10' },
              { setWeight: 1.5 },
              { pause: { duration: {} } },
            ],
            maxSurge: true,
            maxUnavailable: '1',
            canaryMetadata: { labels: { a: 1 } },
          },
          { replicas: -1, paused: 'yes', restartAt: 'yesterday' },
        ),
      ),
    ).toEqual([
      'spec.replicas: must be 0 or more',
      'spec.strategy.canary.steps[0].setWeight: must be a number, got string',
      'spec.strategy.canary.steps[1].setWeight: must be an integer',
      'spec.strategy.canary.steps[2].pause.duration: must be an integer or a string',
      'spec.strategy.canary.maxUnavailable: must be a count or a percentage such as "25%", got "1"',
      'spec.strategy.canary.maxSurge: must be an integer or a string',
      'spec.strategy.canary.canaryMetadata.labels.a: must be a string, got number',
      'spec.paused: must be a boolean, got string',
      'spec.restartAt: must be an RFC 3339 time such as 2024-03-30T21:19:35Z',
    ]);
  });

  it('needs what the CRD requires', () => {
    expect(
      errorsOf(
        blueGreenDoc({
          prePromotionAnalysis: { templates: [{}], args: [{ value: 'x' }] },
          postPromotionAnalysis: {
            measurementRetention: [{ metricName: 'm' }],
          },
        }),
      ),
    ).toEqual([
      'spec.strategy.blueGreen.activeService: required',
      'spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName: required',
      'spec.strategy.blueGreen.prePromotionAnalysis.args[0].name: required',
      'spec.strategy.blueGreen.postPromotionAnalysis.templates: required',
      'spec.strategy.blueGreen.postPromotionAnalysis.measurementRetention[0].limit: required',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          istioCanary(
            {},
            {
              istio: {
                virtualService: { name: 'web' },
                destinationRule: { name: 'web', canarySubsetName: 'canary' },
              },
            },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.istio.destinationRule.stableSubsetName: required',
    ]);
  });

  it('needs an analysis to name a template', () => {
    expect(
      errorsOf(canaryDoc({ steps: [{ analysis: { templates: [] } }] })),
    ).toEqual([
      'spec.strategy.canary.steps[0].analysis.templates: must name at least one template',
    ]);
  });

  it('checks the few enumerations', () => {
    expect(
      errorsOf(
        canaryDoc(
          {
            analysis: {
              templates: [{ templateName: 't' }],
              args: [
                { name: 'h', valueFrom: { podTemplateHashValue: 'Canary' } },
              ],
            },
          },
          {
            selector: {
              matchExpressions: [
                { key: 'app', operator: 'Equals', values: ['web'] },
              ],
            },
          },
        ),
      ),
    ).toEqual([
      'spec.selector.matchExpressions[0].operator: must be one of "In", "NotIn", "Exists", "DoesNotExist", got "Equals"',
      'spec.strategy.canary.analysis.args[0].valueFrom.podTemplateHashValue: must be one of "Stable", "Latest", got "Canary"',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            template: undefined,
            workloadRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'web',
              scaleDown: 'always',
            },
          },
        ),
      ),
    ).toEqual([
      'spec.workloadRef.scaleDown: must be one of "", "never", "onsuccess", "progressively", got "always"',
    ]);
  });

  it('takes a count or a percentage for maxSurge and maxUnavailable', () => {
    expect(
      errorsOf(canaryDoc({ maxSurge: -1, maxUnavailable: '10 %' })),
    ).toEqual([
      'spec.strategy.canary.maxUnavailable: must be a count or a percentage such as "25%", got "10 %"',
      'spec.strategy.canary.maxSurge: must be 0 or more',
    ]);
    const spec = specOf(canaryDoc({ maxSurge: '50%', maxUnavailable: 0 }));
    expect(spec.strategy).toMatchObject({ maxSurge: '50%', maxUnavailable: 0 });
  });

  it('refuses numbers beyond an int32', () => {
    expect(errorsOf(canaryDoc({}, { replicas: 2 ** 31 }))).toEqual([
      'spec.replicas: must be at most 2147483647',
    ]);
  });
});

describe('null fields', () => {
  it('drops them first, as the API server does', () => {
    const result = parseText(`
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web }
spec:
  replicas: null
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web }, annotations: null }
    spec: { containers: [{ name: web, image: web:1 }] }
  strategy:
    blueGreen:
      activeService: web
      previewService: null
      prePromotionAnalysis: null
`);
    expect(result.errors).toEqual([]);
    const spec = result.spec!;
    expect(spec.replicas).toBe(1);
    expect(spec.template?.metadata).toEqual({
      labels: { app: 'web' },
      annotations: {},
    });
    expect(spec.strategy).toMatchObject({
      kind: 'blueGreen',
      activeService: 'web',
      previewService: undefined,
      prePromotionAnalysis: undefined,
    });
  });

  it('refuses a null field the CRD does not declare, as the API server does', () => {
    // `kubectl create … -o yaml` writes it; the CRD's pod template metadata has only labels and annotations.
    const doc = canaryDoc(
      {},
      {
        template: {
          metadata: { labels: { app: 'web' }, creationTimestamp: null },
          spec: {
            containers: [{ name: 'web', image: 'web:1', resources: null }],
          },
        },
      },
    );
    expect(errorsOf(doc)).toEqual([
      'spec.template.metadata.creationTimestamp: unknown field',
    ]);
    expect(errorsOf(canaryDoc({ stepz: null }))).toEqual([
      'spec.strategy.canary.stepz: unknown field',
    ]);
  });

  it('drops a null map value, as the API server does', () => {
    const doc = canaryDoc(
      {},
      {
        template: {
          metadata: { labels: { app: 'web', tier: null } },
          spec: { containers: [{ name: 'web', image: 'web:1' }] },
        },
      },
    );
    expect(specOf(doc).template?.metadata.labels).toEqual({ app: 'web' });
    // Dropped from the pod spec too, which is otherwise kept as written.
    const spec = specOf(
      canaryDoc(
        {},
        {
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', resources: null }] },
          },
        },
      ),
    ).template?.spec;
    expect(spec).toStrictEqual({ containers: [{ name: 'web' }] });
  });

  it('keeps a null list entry, and refuses it', () => {
    expect(errorsOf(canaryDoc({ steps: [null] }))).toEqual([
      'spec.strategy.canary.steps[0]: must be an object, got null',
    ]);
  });
});

describe('a full document', () => {
  it('parses from YAML', () => {
    const result = parseText(`
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web, namespace: shop }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:2 }] }
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        istio:
          virtualService: { name: web, routes: [primary] }
      steps:
        - setWeight: 20
        - pause: { duration: 1m }
        - analysis:
            templates: [{ templateName: success-rate }]
            args:
              - name: service
                value: web-canary.shop.svc
        - setWeight: 60
        - pause: {}
`);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const spec = result.spec!;
    expect(spec.source).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'web',
      namespace: 'shop',
    });
    expect(spec.strategy.kind === 'canary' && spec.strategy.steps).toEqual([
      { setWeight: 20 },
      { pause: { durationSeconds: 60 } },
      {
        analysis: {
          templates: [{ templateName: 'success-rate', clusterScope: false }],
          args: [{ name: 'service', value: 'web-canary.shop.svc' }],
          dryRun: [],
          measurementRetention: [],
          analysisRunMetadata: { labels: {}, annotations: {} },
        },
      },
      { setWeight: 60 },
      { pause: {} },
    ]);
  });
});
