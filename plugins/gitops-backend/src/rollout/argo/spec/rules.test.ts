import {
  blueGreenDoc,
  canaryDoc,
  errorsOf,
  istioCanary,
  nginxCanary,
  parseDoc,
  rolloutDoc,
  specOf,
} from './__testUtils__/documents';

/*
 * The controller's checks (validation.go and friends, Argo Rollouts
 * v1.8.3) and the few Slipway adds, one document each, with the exact
 * message a user sees.
 */

const steps = (...list: unknown[]) => ({ steps: list });

describe('workload', () => {
  it('needs a selector and a template unless workloadRef is set', () => {
    const doc = rolloutDoc({ strategy: { canary: {} } });
    delete (doc.spec as Record<string, unknown>).selector;
    delete (doc.spec as Record<string, unknown>).template;
    expect(errorsOf(doc)).toEqual([
      'spec.selector: required (or set spec.workloadRef)',
      'spec.template: required (or set spec.workloadRef)',
    ]);
  });

  it('needs the pod spec in the template', () => {
    expect(
      errorsOf(
        canaryDoc({}, { template: { metadata: { labels: { app: 'web' } } } }),
      ),
    ).toEqual(['spec.template.spec: required']);
  });

  it('refuses a template beside workloadRef', () => {
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            workloadRef: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'web',
            },
          },
        ),
      ),
    ).toEqual(['spec.template: must be left out when spec.workloadRef is set']);
  });

  it('reads the pod template from a Deployment only', () => {
    const ref = (workloadRef: object) =>
      errorsOf(canaryDoc({}, { template: undefined, workloadRef }));
    expect(
      ref({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web' }),
    ).toEqual([
      'spec.workloadRef.kind: ReplicaSet workloads are not supported by Slipway, only apps/v1 Deployment',
    ]);
    expect(ref({ apiVersion: 'v1', kind: 'PodTemplate', name: 'web' })).toEqual(
      [
        'spec.workloadRef.kind: PodTemplate workloads are not supported by Slipway, only apps/v1 Deployment',
      ],
    );
    expect(
      ref({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' }),
    ).toEqual([
      'spec.workloadRef.kind: workload of type "StatefulSet" is not supported, only Deployment',
    ]);
    expect(
      ref({
        apiVersion: 'extensions/v1beta1',
        kind: 'Deployment',
        name: 'web',
      }),
    ).toEqual([
      'spec.workloadRef.apiVersion: must be "apps/v1" for a Deployment, got "extensions/v1beta1"',
    ]);
    expect(ref({ kind: 'Deployment' })).toEqual([
      'spec.workloadRef.apiVersion: required: apps/v1',
      'spec.workloadRef.name: required',
    ]);
  });

  it('needs the template labels to match the selector', () => {
    expect(
      errorsOf(canaryDoc({}, { selector: { matchLabels: { app: 'shop' } } })),
    ).toEqual(['spec.template.metadata.labels: must match spec.selector']);
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            selector: {
              matchExpressions: [
                { key: 'app', operator: 'NotIn', values: ['web'] },
              ],
            },
          },
        ),
      ),
    ).toEqual(['spec.template.metadata.labels: must match spec.selector']);
  });

  it('refuses an empty or malformed selector', () => {
    expect(errorsOf(canaryDoc({}, { selector: {} }))).toEqual([
      'spec.selector: must not be empty: it would select every pod',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            selector: {
              matchLabels: { app: 'web' },
              matchExpressions: [
                { key: 'tier', operator: 'In' },
                { key: 'zone', operator: 'Exists', values: ['a'] },
                { key: 'bad key', operator: 'DoesNotExist' },
              ],
            },
          },
        ),
      ),
    ).toEqual([
      'spec.selector.matchExpressions[0].values: must not be empty for operator In',
      'spec.selector.matchExpressions[1].values: must be empty for operator Exists',
      `spec.selector.matchExpressions[2].key: invalid label key "bad key": the name must be 63 characters or fewer, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`,
    ]);
  });

  it('checks template label syntax', () => {
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            template: {
              metadata: {
                labels: { app: 'web', 'Example.com/x': 'y', v: '-bad' },
              },
              spec: { containers: [{ name: 'web' }] },
            },
          },
        ),
      ),
    ).toEqual([
      'spec.template.metadata.labels.Example.com/x: invalid label key "Example.com/x": the prefix must be a lowercase DNS subdomain',
      `spec.template.metadata.labels.v: invalid label value "-bad": must be 63 characters or fewer, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`,
    ]);
  });

  it('asks for what a ReplicaSet pod template allows', () => {
    expect(
      errorsOf(
        canaryDoc(
          {},
          {
            template: {
              metadata: { labels: { app: 'web' } },
              spec: {
                containers: [{ name: 'web' }],
                restartPolicy: 'Never',
                activeDeadlineSeconds: 60,
              },
            },
          },
        ),
      ),
    ).toEqual([
      'spec.template.spec.restartPolicy: must be "Always" (the only policy a ReplicaSet allows), got "Never"',
      'spec.template.spec.activeDeadlineSeconds: not allowed in a ReplicaSet pod template',
    ]);
  });

  it('needs progressDeadlineSeconds above minReadySeconds', () => {
    expect(
      errorsOf(
        canaryDoc({}, { minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      ),
    ).toEqual([
      'spec.progressDeadlineSeconds: must be greater than minReadySeconds (30)',
    ]);
    expect(errorsOf(canaryDoc({}, { minReadySeconds: 600 }))).toEqual([
      'spec.progressDeadlineSeconds: must be greater than minReadySeconds (600); the default is 600',
    ]);
  });
});

describe('strategy', () => {
  it('needs one', () => {
    expect(errorsOf(rolloutDoc())).toEqual([
      'spec.strategy: must set canary or blueGreen',
    ]);
    expect(errorsOf(rolloutDoc({ strategy: {} }))).toEqual([
      'spec.strategy: must set canary or blueGreen',
    ]);
  });

  it('takes only one', () => {
    expect(
      errorsOf(
        rolloutDoc({
          strategy: { canary: {}, blueGreen: { activeService: 'web' } },
        }),
      ),
    ).toEqual(['spec.strategy: must set only one of canary and blueGreen']);
  });
});

describe('blueGreen', () => {
  it('needs an active service, distinct from the preview service', () => {
    expect(errorsOf(blueGreenDoc({ activeService: '' }))).toEqual([
      'spec.strategy.blueGreen.activeService: must not be empty',
    ]);
    expect(
      errorsOf(blueGreenDoc({ activeService: 'web', previewService: 'web' })),
    ).toEqual([
      'spec.strategy.blueGreen.activeService: must differ from previewService: two different services are required',
    ]);
  });

  it('keeps scaleDownDelayRevisionLimit within revisionHistoryLimit', () => {
    expect(
      errorsOf(
        blueGreenDoc(
          { activeService: 'web', scaleDownDelayRevisionLimit: 3 },
          { revisionHistoryLimit: 2 },
        ),
      ),
    ).toEqual([
      'spec.strategy.blueGreen.scaleDownDelayRevisionLimit: must not be greater than spec.revisionHistoryLimit (2)',
    ]);
  });

  it('warns that autoPromotionSeconds does nothing without auto promotion', () => {
    const result = parseDoc(
      blueGreenDoc({
        activeService: 'web',
        autoPromotionEnabled: false,
        autoPromotionSeconds: 30,
      }),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.strategy.blueGreen.autoPromotionSeconds: ignored: autoPromotionEnabled is false',
    ]);
  });

  it('refuses a negative previewReplicaCount', () => {
    expect(
      errorsOf(blueGreenDoc({ activeService: 'web', previewReplicaCount: -1 })),
    ).toEqual([
      'spec.strategy.blueGreen.previewReplicaCount: must be 0 or more',
    ]);
  });
});

describe('anti-affinity', () => {
  it('takes exactly one rule, with a weight from 1 to 100', () => {
    expect(
      errorsOf(
        blueGreenDoc({
          activeService: 'web',
          antiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {},
            preferredDuringSchedulingIgnoredDuringExecution: { weight: 0 },
          },
        }),
      ),
    ).toEqual([
      'spec.strategy.blueGreen.antiAffinity: must set exactly one of preferredDuringSchedulingIgnoredDuringExecution and requiredDuringSchedulingIgnoredDuringExecution',
      'spec.strategy.blueGreen.antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight: must be between 1 and 100',
    ]);
    expect(errorsOf(canaryDoc({ antiAffinity: {} }))).toEqual([
      'spec.strategy.canary.antiAffinity: must set exactly one of preferredDuringSchedulingIgnoredDuringExecution and requiredDuringSchedulingIgnoredDuringExecution',
    ]);
  });
});

describe('canary', () => {
  it('refuses maxSurge and maxUnavailable both 0', () => {
    expect(errorsOf(canaryDoc({ maxSurge: 0, maxUnavailable: '0%' }))).toEqual([
      'spec.strategy.canary.maxSurge: maxSurge and maxUnavailable cannot both be 0',
    ]);
    // The other one's default is not 0.
    specOf(canaryDoc({ maxSurge: 0 }));
  });

  it('needs two different services', () => {
    expect(
      errorsOf(
        canaryDoc(nginxCanary({ canaryService: 'web', stableService: 'web' })),
      ),
    ).toEqual([
      'spec.strategy.canary.stableService: must differ from canaryService: two different services are required',
    ]);
  });

  it('needs canary and stable services to route traffic', () => {
    expect(
      errorsOf(
        canaryDoc({ trafficRouting: { nginx: { stableIngress: 'web' } } }),
      ),
    ).toEqual([
      'spec.strategy.canary.canaryService: required for traffic routing with nginx',
      'spec.strategy.canary.stableService: required for traffic routing with nginx',
    ]);
    expect(
      errorsOf(
        canaryDoc({
          stableService: 'web-stable',
          trafficRouting: {
            smi: {},
            plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } },
          },
        }),
      ),
    ).toEqual([
      'spec.strategy.canary.canaryService: required for traffic routing with smi, plugins.argoproj-labs/gatewayAPI',
    ]);
  });

  it('lets Istio subset routing go without services, as Argo does', () => {
    const spec = specOf(
      canaryDoc({
        trafficRouting: {
          istio: {
            virtualService: { name: 'web', routes: ['primary'] },
            destinationRule: {
              name: 'web',
              canarySubsetName: 'canary',
              stableSubsetName: 'stable',
            },
          },
        },
      }),
    );
    expect(spec.strategy).toMatchObject({
      canaryService: undefined,
      stableService: undefined,
    });
  });

  it('needs a router under trafficRouting', () => {
    expect(
      errorsOf(
        canaryDoc({
          canaryService: 'web-canary',
          stableService: 'web-stable',
          trafficRouting: { maxTrafficWeight: 100 },
        }),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting: must configure a traffic router: nginx, istio, apisix, smi or plugins',
      'spec.strategy.canary.trafficRouting.maxTrafficWeight: only supported with nginx and traffic router plugins',
    ]);
  });

  it('takes one of virtualService and virtualServices', () => {
    const vs = { name: 'web' };
    expect(
      errorsOf(
        canaryDoc(
          istioCanary(
            {},
            { istio: { virtualService: vs, virtualServices: [vs] } },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.istio: must set exactly one of virtualService and virtualServices',
    ]);
    expect(errorsOf(canaryDoc(istioCanary({}, { istio: {} })))).toEqual([
      'spec.strategy.canary.trafficRouting.istio: must set exactly one of virtualService and virtualServices',
    ]);
    expect(
      errorsOf(canaryDoc(istioCanary({}, { istio: { virtualServices: [] } }))),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.istio.virtualServices: must not be empty',
    ]);
  });

  it('takes one of stableIngress and stableIngresses', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            {},
            { nginx: { stableIngress: 'a', stableIngresses: ['b'] } },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.nginx: must set exactly one of stableIngress and stableIngresses',
    ]);
    expect(
      errorsOf(canaryDoc(nginxCanary({}, { nginx: { stableIngress: '' } }))),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.nginx: must set exactly one of stableIngress and stableIngresses',
    ]);
    expect(
      errorsOf(canaryDoc(nginxCanary({}, { nginx: { stableIngresses: [] } }))),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.nginx.stableIngresses: must not be empty',
    ]);
  });

  it('needs the APISIX route', () => {
    expect(
      errorsOf(canaryDoc(nginxCanary({}, { nginx: undefined, apisix: {} }))),
    ).toEqual(['spec.strategy.canary.trafficRouting.apisix.route: required']);
  });

  it('needs an HTTPRoute for the Gateway API plugin', () => {
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(
            {},
            {
              nginx: undefined,
              plugins: { 'argoproj-labs/gatewayAPI': { namespace: 'x' } },
            },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI: must name an HTTPRoute in httpRoute or httpRoutes',
    ]);
  });

  it('keeps scaleDownDelaySeconds and dynamicStableScale to traffic routing', () => {
    expect(
      errorsOf(
        canaryDoc({ scaleDownDelaySeconds: 30, dynamicStableScale: true }),
      ),
    ).toEqual([
      'spec.strategy.canary.scaleDownDelaySeconds: can only be used with trafficRouting',
      'spec.strategy.canary.dynamicStableScale: can only be used with trafficRouting',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary({ scaleDownDelaySeconds: 30, dynamicStableScale: true }),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.dynamicStableScale: cannot be combined with scaleDownDelaySeconds',
    ]);
  });

  it('warns about fields a basic canary ignores', () => {
    const result = parseDoc(
      canaryDoc({ abortScaleDownDelaySeconds: 10, minPodsPerReplicaSet: 2 }),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.strategy.canary.abortScaleDownDelaySeconds: ignored without trafficRouting: an aborted basic canary rolls back by a rolling update',
      'spec.strategy.canary.minPodsPerReplicaSet: ignored without trafficRouting',
    ]);
  });

  it('keeps maxTrafficWeight to nginx and plugins', () => {
    expect(
      errorsOf(canaryDoc(istioCanary({}, { maxTrafficWeight: 1000 }))),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.maxTrafficWeight: only supported with nginx and traffic router plugins',
    ]);
    specOf(
      canaryDoc(
        nginxCanary(steps({ setWeight: 500 }), { maxTrafficWeight: 1000 }),
      ),
    );
  });

  it('warns about a duplicate managed route', () => {
    const result = parseDoc(
      canaryDoc(
        istioCanary({}, { managedRoutes: [{ name: 'a' }, { name: 'a' }] }),
      ),
    );
    expect(result.warnings).toEqual([
      'spec.strategy.canary.trafficRouting.managedRoutes[1].name: duplicate route "a"',
    ]);
  });
});

describe('canary steps', () => {
  it('needs an action in every step', () => {
    expect(errorsOf(canaryDoc(steps({ setWeight: 10 }, {})))).toEqual([
      'spec.strategy.canary.steps[1]: must set one of setWeight, pause, analysis, setCanaryScale, setHeaderRoute',
    ]);
  });

  it('refuses more than one of setWeight, pause and analysis in a step', () => {
    expect(errorsOf(canaryDoc(steps({ setWeight: 10, pause: {} })))).toEqual([
      'spec.strategy.canary.steps[0]: must set only one of setWeight, pause and analysis, got setWeight and pause',
    ]);
  });

  it('lets setCanaryScale and setHeaderRoute join another action, as Argo does', () => {
    const spec = specOf(
      canaryDoc(
        istioCanary(
          steps({
            setWeight: 10,
            setCanaryScale: { replicas: 2 },
            setHeaderRoute: {
              name: 'h',
              match: [{ headerName: 'x', headerValue: { exact: '1' } }],
            },
          }),
          { managedRoutes: [{ name: 'h' }] },
        ),
      ),
    );
    expect(spec.strategy.kind === 'canary' && spec.strategy.steps).toEqual([
      {
        setWeight: 10,
        setCanaryScale: { replicas: 2 },
        setHeaderRoute: {
          name: 'h',
          match: [{ headerName: 'x', headerValue: { exact: '1' } }],
        },
      },
    ]);
  });

  it('keeps setWeight between 0 and maxTrafficWeight', () => {
    expect(
      errorsOf(canaryDoc(steps({ setWeight: 101 }, { setWeight: -1 }))),
    ).toEqual([
      'spec.strategy.canary.steps[0].setWeight: must be between 0 and 100',
      'spec.strategy.canary.steps[1].setWeight: must be between 0 and 100',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          nginxCanary(steps({ setWeight: 30 }), { maxTrafficWeight: 20 }),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setWeight: must be between 0 and 20',
    ]);
  });

  it('refuses a pause duration Argo cannot read', () => {
    expect(
      errorsOf(
        canaryDoc(
          steps(
            { pause: { duration: '10x' } },
            { pause: { duration: -5 } },
            { pause: { duration: '-1m' } },
            { pause: { duration: 1.5 } },
            { pause: { duration: true } },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].pause.duration: invalid duration "10x" (whole seconds, or a duration such as 30s, 10m or 1h; not negative)',
      'spec.strategy.canary.steps[1].pause.duration: invalid duration -5 (whole seconds, or a duration such as 30s, 10m or 1h; not negative)',
      'spec.strategy.canary.steps[2].pause.duration: invalid duration "-1m" (whole seconds, or a duration such as 30s, 10m or 1h; not negative)',
      'spec.strategy.canary.steps[3].pause.duration: must be an integer or a string',
      'spec.strategy.canary.steps[4].pause.duration: must be an integer or a string',
    ]);
  });

  it('warns that a pause counts whole seconds', () => {
    const result = parseDoc(
      canaryDoc(steps({ pause: { duration: '1500ms' } })),
    );
    expect(result.warnings).toEqual([
      'spec.strategy.canary.steps[0].pause.duration: Argo Rollouts counts whole seconds, so "1500ms" pauses 1s',
    ]);
  });

  it('needs trafficRouting for setCanaryScale', () => {
    expect(
      errorsOf(canaryDoc(steps({ setCanaryScale: { replicas: 1 } }))),
    ).toEqual([
      'spec.strategy.canary.steps[0].setCanaryScale: requires trafficRouting',
    ]);
  });

  it('keeps a setCanaryScale weight within maxTrafficWeight', () => {
    expect(
      errorsOf(
        canaryDoc(nginxCanary(steps({ setCanaryScale: { weight: 101 } }))),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setCanaryScale.weight: must be between 0 and 100',
    ]);
  });

  it('warns when setCanaryScale sets several sizes, and resolves them as Argo does', () => {
    const result = parseDoc(
      canaryDoc(
        nginxCanary(
          steps(
            { setCanaryScale: { replicas: 2, weight: 50 } },
            { setCanaryScale: { matchTrafficWeight: true, replicas: 2 } },
            { setCanaryScale: {} },
          ),
        ),
      ),
    );
    expect(result.warnings).toEqual([
      'spec.strategy.canary.steps[0].setCanaryScale: sets replicas and weight; as in Argo Rollouts, replicas wins',
      'spec.strategy.canary.steps[1].setCanaryScale: sets matchTrafficWeight and replicas; as in Argo Rollouts, matchTrafficWeight wins',
    ]);
    const spec = result.spec!;
    expect(spec.strategy.kind === 'canary' && spec.strategy.steps).toEqual([
      { setCanaryScale: { replicas: 2 } },
      { setCanaryScale: { matchTrafficWeight: true } },
      { setCanaryScale: { matchTrafficWeight: true } },
    ]);
  });

  it('needs a router that supports header routes for setHeaderRoute', () => {
    expect(
      errorsOf(
        canaryDoc(nginxCanary(steps({ setHeaderRoute: { name: 'h' } }))),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setHeaderRoute: requires trafficRouting with istio, apisix or a traffic router plugin',
    ]);
    expect(
      errorsOf(canaryDoc(steps({ setHeaderRoute: { name: 'h' } }))),
    ).toEqual([
      'spec.strategy.canary.steps[0].setHeaderRoute: requires trafficRouting with istio, apisix or a traffic router plugin',
    ]);
  });

  it('needs managedRoutes listing the header route', () => {
    expect(
      errorsOf(
        canaryDoc(istioCanary(steps({ setHeaderRoute: { name: 'h' } }))),
      ),
    ).toEqual([
      'spec.strategy.canary.trafficRouting.managedRoutes: required by the setHeaderRoute at steps[0]',
    ]);
    expect(
      errorsOf(
        canaryDoc(
          istioCanary(steps({ setHeaderRoute: { name: 'h' } }), {
            managedRoutes: [{ name: 'other' }],
          }),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setHeaderRoute.name: "h" is not listed in trafficRouting.managedRoutes',
    ]);
  });

  it('needs exactly one of exact, regex, prefix per header value', () => {
    expect(
      errorsOf(
        canaryDoc(
          istioCanary(
            steps({
              setHeaderRoute: {
                name: 'h',
                match: [
                  { headerName: 'a', headerValue: { exact: '1', prefix: '1' } },
                  { headerName: 'b', headerValue: {} },
                ],
              },
            }),
            { managedRoutes: [{ name: 'h' }] },
          ),
        ),
      ),
    ).toEqual([
      'spec.strategy.canary.steps[0].setHeaderRoute.match[0].headerValue: must set exactly one of exact, regex, prefix',
      'spec.strategy.canary.steps[0].setHeaderRoute.match[1].headerValue: must set exactly one of exact, regex, prefix',
    ]);
  });

  it('warns when no Gateway API route takes header routes', () => {
    const result = parseDoc(
      canaryDoc(
        nginxCanary(
          steps({
            setHeaderRoute: {
              name: 'h',
              match: [{ headerName: 'a', headerValue: { exact: '1' } }],
            },
          }),
          {
            nginx: undefined,
            managedRoutes: [{ name: 'h' }],
            plugins: {
              'argoproj-labs/gatewayAPI': { httpRoutes: [{ name: 'web' }] },
            },
          },
        ),
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'spec.strategy.canary.steps[0].setHeaderRoute: no HTTPRoute of the argoproj-labs/gatewayAPI plugin sets useHeaderRoutes, so the Gateway API router adds no header route',
    ]);
  });
});

describe('analysis', () => {
  it('keeps startingStep within the steps', () => {
    const background = (startingStep: number) => ({
      analysis: { templates: [{ templateName: 'rate' }], startingStep },
    });
    expect(
      errorsOf(
        canaryDoc({
          ...background(2),
          ...steps({ setWeight: 10 }, { pause: {} }),
        }),
      ),
    ).toEqual([
      'spec.strategy.canary.analysis.startingStep: must be between 0 and 1: there are 2 steps, and a later start would never come',
    ]);
    expect(
      errorsOf(canaryDoc({ ...background(-1), ...steps({ setWeight: 10 }) })),
    ).toEqual([
      'spec.strategy.canary.analysis.startingStep: must be between 0 and 0: there is 1 step, and a later start would never come',
    ]);
    expect(errorsOf(canaryDoc(background(1)))).toEqual([
      'spec.strategy.canary.analysis.startingStep: must be 0 when there are no steps',
    ]);
    specOf(
      canaryDoc({
        ...background(1),
        ...steps({ setWeight: 10 }, { pause: {} }),
      }),
    );
  });

  it('checks fieldRef paths into the rollout metadata', () => {
    const args = [
      { name: 'a', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      {
        name: 'b',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } },
      },
      {
        name: 'c',
        valueFrom: { fieldRef: { fieldPath: 'metadata.generateName' } },
      },
      {
        name: 'd',
        valueFrom: { fieldRef: { fieldPath: "metadata.annotations['-x']" } },
      },
      { name: 'e', valueFrom: { fieldRef: { fieldPath: 'spec.replicas' } } },
    ];
    expect(
      errorsOf(
        canaryDoc(
          steps({ analysis: { templates: [{ templateName: 't' }], args } }),
        ),
      ),
    ).toEqual([
      `spec.strategy.canary.steps[0].analysis.args[2].valueFrom.fieldRef.fieldPath: unsupported field path "metadata.generateName": use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key']`,
      `spec.strategy.canary.steps[0].analysis.args[3].valueFrom.fieldRef.fieldPath: invalid key subscript in metadata.annotations['-x']: invalid label key "-x": the name must be 63 characters or fewer, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`,
    ]);
  });

  it('takes an argument from value or valueFrom, one source each', () => {
    expect(
      errorsOf(
        blueGreenDoc({
          activeService: 'web',
          prePromotionAnalysis: {
            templates: [{ templateName: 't' }],
            args: [
              {
                name: 'a',
                value: '1',
                valueFrom: { podTemplateHashValue: 'Stable' },
              },
              { name: 'b', valueFrom: {} },
            ],
          },
        }),
      ),
    ).toEqual([
      'spec.strategy.blueGreen.prePromotionAnalysis.args[0]: set value or valueFrom, not both',
      'spec.strategy.blueGreen.prePromotionAnalysis.args[1].valueFrom: must set exactly one of podTemplateHashValue and fieldRef',
    ]);
  });
});
