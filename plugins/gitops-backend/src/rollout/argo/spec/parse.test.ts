import {
  blueGreenDoc,
  canaryDoc,
  istioCanary,
  nginxCanary,
  specOf,
} from './__testUtils__/documents';
import type {
  ArgoRolloutSpec,
  BlueGreenStrategy,
  CanaryStrategy,
} from './types';

/* The typed model: Argo's defaults filled in, its alternative spellings folded. */

const canaryOf = (spec: ArgoRolloutSpec) => spec.strategy as CanaryStrategy;
const blueGreenOf = (spec: ArgoRolloutSpec) =>
  spec.strategy as BlueGreenStrategy;

describe('defaults', () => {
  it('fills in the rollout-wide ones', () => {
    const spec = specOf(canaryDoc({}));
    expect(spec).toMatchObject({
      replicas: 1,
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: false,
      paused: false,
      restartAt: undefined,
      rollbackWindow: undefined,
      analysis: {
        successfulRunHistoryLimit: 5,
        unsuccessfulRunHistoryLimit: 5,
      },
      selector: { matchLabels: { app: 'web' }, matchExpressions: [] },
      template: {
        metadata: { labels: { app: 'web' }, annotations: {} },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
    });
  });

  it('fills in a basic canary', () => {
    expect(canaryOf(specOf(canaryDoc({})))).toEqual({
      kind: 'canary',
      canaryService: undefined,
      stableService: undefined,
      steps: [],
      analysis: undefined,
      maxSurge: '25%',
      maxUnavailable: '25%',
      trafficRouting: undefined,
      canaryMetadata: undefined,
      stableMetadata: undefined,
      scaleDownDelaySeconds: 0,
      scaleDownDelayRevisionLimit: undefined,
      abortScaleDownDelaySeconds: 30,
      dynamicStableScale: false,
      minPodsPerReplicaSet: 1,
      antiAffinity: undefined,
    });
  });

  it('delays scaling down 30 s with traffic routing', () => {
    expect(
      canaryOf(specOf(canaryDoc(nginxCanary()))).scaleDownDelaySeconds,
    ).toBe(30);
    expect(
      canaryOf(specOf(canaryDoc(nginxCanary({ scaleDownDelaySeconds: 0 }))))
        .scaleDownDelaySeconds,
    ).toBe(0);
  });

  it('fills in a blue-green', () => {
    expect(blueGreenOf(specOf(blueGreenDoc({ activeService: 'web' })))).toEqual(
      {
        kind: 'blueGreen',
        activeService: 'web',
        previewService: undefined,
        previewReplicaCount: undefined,
        autoPromotionEnabled: true,
        autoPromotionSeconds: 0,
        maxUnavailable: '25%',
        prePromotionAnalysis: undefined,
        postPromotionAnalysis: undefined,
        previewMetadata: undefined,
        activeMetadata: undefined,
        scaleDownDelaySeconds: 30,
        scaleDownDelayRevisionLimit: undefined,
        abortScaleDownDelaySeconds: 30,
        antiAffinity: undefined,
      },
    );
  });

  it('treats empty service names as none, as Argo does', () => {
    const spec = specOf(
      blueGreenDoc({ activeService: 'web', previewService: '' }),
    );
    expect(blueGreenOf(spec).previewService).toBeUndefined();
  });
});

describe('traffic routing', () => {
  it('folds stableIngress into stableIngresses, with nginx defaults', () => {
    expect(canaryOf(specOf(canaryDoc(nginxCanary()))).trafficRouting).toEqual({
      nginx: {
        stableIngresses: ['web'],
        annotationPrefix: 'nginx.ingress.kubernetes.io',
        additionalIngressAnnotations: {},
        canaryIngressAnnotations: {},
      },
      otherPlugins: {},
      managedRoutes: [],
      maxTrafficWeight: 100,
    });
  });

  it('folds virtualService into virtualServices, reading name.namespace', () => {
    const routing = canaryOf(
      specOf(
        canaryDoc(
          istioCanary(
            {},
            {
              istio: {
                virtualService: {
                  name: 'web.edge',
                  tlsRoutes: [{ port: 443, sniHosts: ['web.example.com'] }],
                  tcpRoutes: [{ port: 9000 }],
                },
              },
              managedRoutes: [{ name: 'h' }],
            },
          ),
        ),
      ),
    ).trafficRouting!;
    expect(routing.istio).toEqual({
      virtualServices: [
        {
          name: 'web',
          namespace: 'edge',
          routes: [],
          tlsRoutes: [{ port: 443, sniHosts: ['web.example.com'] }],
          tcpRoutes: [{ port: 9000 }],
        },
      ],
      destinationRule: undefined,
    });
    expect(routing.managedRoutes).toEqual(['h']);
  });

  it('defaults the SMI root service and TrafficSplit name', () => {
    const spec = specOf(
      canaryDoc(nginxCanary({}, { nginx: undefined, smi: {} })),
    );
    expect(canaryOf(spec).trafficRouting?.smi).toEqual({
      rootService: 'web-stable',
      trafficSplitName: 'web',
    });
  });

  it('reads APISIX', () => {
    const spec = specOf(
      canaryDoc(
        nginxCanary(
          {},
          {
            nginx: undefined,
            apisix: { route: { name: 'web', rules: ['r1'] } },
          },
        ),
      ),
    );
    expect(canaryOf(spec).trafficRouting?.apisix).toEqual({
      route: { name: 'web', rules: ['r1'] },
    });
  });

  it('types the Gateway API plugin, the single route last and taking header routes', () => {
    const spec = specOf(
      canaryDoc(
        nginxCanary(
          {},
          {
            nginx: undefined,
            maxTrafficWeight: 1000,
            plugins: {
              'argoproj-labs/gatewayAPI': {
                httpRoute: 'main',
                httpRoutes: [
                  { name: 'api', useHeaderRoutes: true },
                  { name: 'other' },
                ],
                namespace: 'edge',
                inProgressLabelKey: 'canary',
              },
            },
          },
        ),
      ),
    );
    expect(canaryOf(spec).trafficRouting).toEqual({
      gatewayAPI: {
        httpRoutes: [
          { name: 'api', useHeaderRoutes: true },
          { name: 'other', useHeaderRoutes: false },
          { name: 'main', useHeaderRoutes: true },
        ],
        namespace: 'edge',
        configMap: undefined,
        inProgressLabel: { key: 'canary', value: 'in-progress' },
      },
      otherPlugins: {},
      managedRoutes: [],
      maxTrafficWeight: 1000,
    });
  });

  it('records no in-progress label when the plugin is told not to set one', () => {
    const spec = specOf(
      canaryDoc(
        nginxCanary(
          {},
          {
            nginx: undefined,
            plugins: {
              'argoproj-labs/gatewayAPI': {
                httpRoute: 'main',
                disableInProgressLabel: true,
              },
            },
          },
        ),
      ),
    );
    expect(
      canaryOf(spec).trafficRouting?.gatewayAPI?.inProgressLabel,
    ).toBeUndefined();
  });
});

describe('the rest of the model', () => {
  it('reads a fully specified canary', () => {
    const spec = specOf(
      canaryDoc(
        nginxCanary({
          maxSurge: 1,
          maxUnavailable: 0,
          canaryMetadata: { labels: { role: 'canary' } },
          stableMetadata: { annotations: { role: 'stable' } },
          scaleDownDelayRevisionLimit: 2,
          abortScaleDownDelaySeconds: 0,
          minPodsPerReplicaSet: 2,
          antiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 },
          },
          analysis: {
            templates: [{ templateName: 'rate', clusterScope: true }],
            args: [
              { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
              {
                name: 'region',
                valueFrom: {
                  fieldRef: { fieldPath: "metadata.labels['region']" },
                },
              },
              { name: 'empty' },
            ],
            dryRun: [{ metricName: 'latency' }],
            measurementRetention: [{ metricName: 'rate', limit: 20 }],
            analysisRunMetadata: { labels: { team: 'shop' } },
          },
          steps: [
            { setWeight: 10 },
            { pause: { duration: '1h30m' } },
            { pause: { duration: '45' } },
          ],
        }),
        {
          replicas: 3,
          minReadySeconds: 10,
          revisionHistoryLimit: 3,
          progressDeadlineSeconds: 120,
          progressDeadlineAbort: true,
          paused: true,
          restartAt: '2024-03-30T21:19:35Z',
          rollbackWindow: { revisions: 2 },
          analysis: {
            successfulRunHistoryLimit: 1,
            unsuccessfulRunHistoryLimit: 2,
          },
        },
      ),
    );
    expect(spec).toMatchObject({
      replicas: 3,
      minReadySeconds: 10,
      revisionHistoryLimit: 3,
      progressDeadlineSeconds: 120,
      progressDeadlineAbort: true,
      paused: true,
      restartAt: '2024-03-30T21:19:35Z',
      rollbackWindow: { revisions: 2 },
      analysis: {
        successfulRunHistoryLimit: 1,
        unsuccessfulRunHistoryLimit: 2,
      },
    });
    expect(canaryOf(spec)).toMatchObject({
      maxSurge: 1,
      maxUnavailable: 0,
      canaryMetadata: { labels: { role: 'canary' }, annotations: {} },
      stableMetadata: { labels: {}, annotations: { role: 'stable' } },
      scaleDownDelaySeconds: 30,
      scaleDownDelayRevisionLimit: 2,
      abortScaleDownDelaySeconds: 0,
      minPodsPerReplicaSet: 2,
      antiAffinity: { type: 'preferred', weight: 50 },
      analysis: {
        templates: [{ templateName: 'rate', clusterScope: true }],
        args: [
          { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
          {
            name: 'region',
            valueFrom: { fieldRef: { fieldPath: "metadata.labels['region']" } },
          },
          { name: 'empty', value: '' },
        ],
        dryRun: [{ metricName: 'latency' }],
        measurementRetention: [{ metricName: 'rate', limit: 20 }],
        analysisRunMetadata: { labels: { team: 'shop' }, annotations: {} },
        startingStep: 0,
      },
      steps: [
        { setWeight: 10 },
        { pause: { durationSeconds: 5400 } },
        { pause: { durationSeconds: 45 } },
      ],
    });
  });

  it('reads a fully specified blue-green', () => {
    const analysis = { templates: [{ templateName: 'smoke' }] };
    const spec = specOf(
      blueGreenDoc({
        activeService: 'web',
        previewService: 'web-preview',
        previewReplicaCount: 1,
        autoPromotionSeconds: 60,
        maxUnavailable: 1,
        scaleDownDelaySeconds: 0,
        scaleDownDelayRevisionLimit: 1,
        abortScaleDownDelaySeconds: 0,
        prePromotionAnalysis: analysis,
        postPromotionAnalysis: analysis,
        previewMetadata: { labels: { role: 'preview' } },
        activeMetadata: { labels: { role: 'active' } },
        antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} },
      }),
    );
    const expectedAnalysis = {
      templates: [{ templateName: 'smoke', clusterScope: false }],
      args: [],
      dryRun: [],
      measurementRetention: [],
      analysisRunMetadata: { labels: {}, annotations: {} },
    };
    expect(blueGreenOf(spec)).toEqual({
      kind: 'blueGreen',
      activeService: 'web',
      previewService: 'web-preview',
      previewReplicaCount: 1,
      autoPromotionEnabled: true,
      autoPromotionSeconds: 60,
      maxUnavailable: 1,
      prePromotionAnalysis: expectedAnalysis,
      postPromotionAnalysis: expectedAnalysis,
      previewMetadata: { labels: { role: 'preview' }, annotations: {} },
      activeMetadata: { labels: { role: 'active' }, annotations: {} },
      scaleDownDelaySeconds: 0,
      scaleDownDelayRevisionLimit: 1,
      abortScaleDownDelaySeconds: 0,
      antiAffinity: { type: 'required' },
    });
  });

  it('reads a workloadRef, defaulting scaleDown to never', () => {
    const spec = specOf(
      canaryDoc(
        {},
        {
          template: undefined,
          workloadRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            scaleDown: 'progressively',
          },
        },
      ),
    );
    expect(spec.workloadRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      scaleDown: 'progressively',
    });
    // With a workloadRef the selector may come from the Deployment; an explicit one is kept.
    expect(spec.selector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [],
    });
  });

  it('does not share objects with the input', () => {
    const doc = canaryDoc(
      nginxCanary({ canaryMetadata: { labels: { a: 'b' } } }),
    );
    const spec = specOf(doc);
    canaryOf(spec).canaryMetadata!.labels.a = 'changed';
    canaryOf(spec).trafficRouting!.nginx!.stableIngresses.push('x');
    expect(specOf(doc)).toEqual(
      specOf(
        canaryDoc(nginxCanary({ canaryMetadata: { labels: { a: 'b' } } })),
      ),
    );
  });
});
