import {
  blueGreenDoc,
  canaryDoc,
  istioCanary,
  specOf,
} from './__testUtils__/documents';
import {
  argoAnalysisTemplateNames,
  argoAnalysisTemplateUses,
  argoEffectiveSteps,
  argoManagedServices,
  argoTrafficRouters,
} from './helpers';

const analysis = (...names: string[]) => ({
  templates: names.map(name =>
    name.startsWith('cluster:')
      ? { templateName: name.slice(8), clusterScope: true }
      : { templateName: name },
  ),
});

describe('argoEffectiveSteps', () => {
  it('flattens steps into actions, scale and routes before the action the step waits on', () => {
    const spec = specOf(
      canaryDoc(
        istioCanary(
          {
            steps: [
              { setWeight: 10 },
              {
                pause: { duration: '30s' },
                setHeaderRoute: { name: 'h' },
                setCanaryScale: { weight: 20 },
              },
              { analysis: analysis('rate') },
              { pause: {} },
            ],
          },
          { managedRoutes: [{ name: 'h' }] },
        ),
      ),
    );
    expect(argoEffectiveSteps(spec)).toEqual([
      { stepIndex: 0, kind: 'setWeight', weight: 10 },
      { stepIndex: 1, kind: 'setCanaryScale', scale: { weight: 20 } },
      { stepIndex: 1, kind: 'setHeaderRoute', route: { name: 'h', match: [] } },
      { stepIndex: 1, kind: 'pause', durationSeconds: 30 },
      {
        stepIndex: 2,
        kind: 'analysis',
        analysis: {
          templates: [{ templateName: 'rate', clusterScope: false }],
          args: [],
          dryRun: [],
          measurementRetention: [],
          analysisRunMetadata: { labels: {}, annotations: {} },
        },
      },
      { stepIndex: 3, kind: 'pause', durationSeconds: undefined },
    ]);
  });

  it('is empty for a canary without steps and for blue-green', () => {
    expect(argoEffectiveSteps(specOf(canaryDoc({})))).toEqual([]);
    expect(
      argoEffectiveSteps(specOf(blueGreenDoc({ activeService: 'web' }))),
    ).toEqual([]);
  });
});

describe('argoManagedServices', () => {
  it('lists the canary services', () => {
    expect(argoManagedServices(specOf(canaryDoc(istioCanary())))).toEqual([
      { role: 'stable', name: 'web-stable' },
      { role: 'canary', name: 'web-canary' },
    ]);
    expect(
      argoManagedServices(specOf(canaryDoc({ stableService: 'web' }))),
    ).toEqual([{ role: 'stable', name: 'web' }]);
  });

  it('lists the blue-green services', () => {
    expect(
      argoManagedServices(
        specOf(
          blueGreenDoc({ activeService: 'web', previewService: 'web-preview' }),
        ),
      ),
    ).toEqual([
      { role: 'active', name: 'web' },
      { role: 'preview', name: 'web-preview' },
    ]);
  });
});

describe('argoAnalysisTemplateUses and argoAnalysisTemplateNames', () => {
  it('lists a canary’s background and step analyses', () => {
    const spec = specOf(
      canaryDoc({
        analysis: { ...analysis('rate', 'cluster:errors'), startingStep: 1 },
        steps: [{ setWeight: 10 }, { analysis: analysis('rate', 'smoke') }],
      }),
    );
    expect(argoAnalysisTemplateUses(spec)).toEqual([
      {
        templateName: 'rate',
        clusterScope: false,
        templateKind: 'AnalysisTemplate',
        use: { kind: 'background', startingStep: 1 },
      },
      {
        templateName: 'errors',
        clusterScope: true,
        templateKind: 'ClusterAnalysisTemplate',
        use: { kind: 'background', startingStep: 1 },
      },
      {
        templateName: 'rate',
        clusterScope: false,
        templateKind: 'AnalysisTemplate',
        use: { kind: 'step', stepIndex: 1 },
      },
      {
        templateName: 'smoke',
        clusterScope: false,
        templateKind: 'AnalysisTemplate',
        use: { kind: 'step', stepIndex: 1 },
      },
    ]);
    expect(argoAnalysisTemplateNames(spec)).toEqual({
      namespaced: ['rate', 'smoke'],
      clusterScoped: ['errors'],
    });
  });

  it('lists a blue-green’s pre- and post-promotion analyses', () => {
    const spec = specOf(
      blueGreenDoc({
        activeService: 'web',
        prePromotionAnalysis: analysis('smoke'),
        postPromotionAnalysis: analysis('cluster:smoke'),
      }),
    );
    expect(
      argoAnalysisTemplateUses(spec).map(u => [
        u.templateKind,
        u.templateName,
        u.use,
      ]),
    ).toEqual([
      ['AnalysisTemplate', 'smoke', { kind: 'prePromotion' }],
      ['ClusterAnalysisTemplate', 'smoke', { kind: 'postPromotion' }],
    ]);
    expect(argoAnalysisTemplateNames(spec)).toEqual({
      namespaced: ['smoke'],
      clusterScoped: ['smoke'],
    });
  });
});

describe('argoTrafficRouters', () => {
  it('lists the routers in use', () => {
    expect(
      argoTrafficRouters(
        specOf(
          canaryDoc(
            istioCanary(
              {},
              {
                smi: {},
                nginx: { stableIngress: 'web' },
                apisix: { route: { name: 'web' } },
                plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } },
              },
            ),
          ),
        ),
      ),
    ).toEqual(['nginx', 'istio', 'apisix', 'smi', 'gatewayAPI']);
    expect(argoTrafficRouters(specOf(canaryDoc({})))).toEqual([]);
    expect(
      argoTrafficRouters(specOf(blueGreenDoc({ activeService: 'web' }))),
    ).toEqual([]);
  });
});
