import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { testProject } from '../__testUtils__/testProject';
import { summarizeRollout } from './summarizeRollout';
import { validateRollouts } from './validateRollouts';

const deployment = (name: string, namespace?: string): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {},
});

const canary = (name: string, target: string): KubernetesObject => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name },
  spec: {
    provider: 'istio',
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    service: { port: 80 },
    analysis: {
      interval: '30s',
      threshold: 3,
      maxWeight: 30,
      stepWeight: 10,
      metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 } }],
    },
  },
});

const app = { namespace: 'shop', canary: 'web' };

describe('validateRollouts', () => {
  it('accepts a Canary on the annotated workload and summarizes its plan', () => {
    const [record, ...rest] = validateRollouts(
      app,
      [deployment('web')],
      [canary('web', 'web')],
    );
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      name: 'web',
      kind: 'Canary',
      errors: [],
      warnings: [],
    });
    expect(summarizeRollout(record)).toEqual({
      name: 'web',
      kind: 'Canary',
      strategy: 'canary',
      provider: 'istio',
      targetRef: { kind: 'Deployment', name: 'web', namespace: undefined },
      analysis: {
        interval: '30s',
        threshold: 3,
        maxWeight: 30,
        stepWeight: 10,
        weights: [10, 20, 30],
        iterations: 0,
        metrics: ['request-success-rate'],
      },
      errors: [],
      warnings: [],
    });
  });

  it('rejects a target that is missing from the manifests or is not the annotated workload', () => {
    const records = validateRollouts(
      app,
      [deployment('web'), deployment('worker', 'other')],
      [canary('api', 'api'), canary('worker', 'worker')],
    );
    expect(records.map(r => r.errors)).toEqual([
      [
        "spec.targetRef: Deployment shop/api is not among the app's manifests",
        "spec.targetRef: Deployment api is not the entity's canary workload 'web' (slipway.dev/canary)",
      ],
      [
        "spec.targetRef: Deployment shop/worker is not among the app's manifests",
        "spec.targetRef: Deployment worker is not the entity's canary workload 'web' (slipway.dev/canary)",
      ],
    ]);
  });

  it('rejects a document when the entity has no canary annotation', () => {
    const [record] = validateRollouts(
      { namespace: 'shop' },
      [deployment('web')],
      [canary('web', 'web')],
    );
    expect(record.errors).toEqual([
      "spec.targetRef: Deployment web is not the entity's canary workload: the slipway.dev/canary annotation is not set",
    ]);
  });

  it('reports an annotation without a document', () => {
    expect(validateRollouts(app, [deployment('web')], [])).toEqual([
      {
        name: 'web',
        kind: '',
        errors: [
          "slipway.dev/canary: names 'web', but the app renders no flagger.app/v1beta1 Canary, slipway.dev/v1alpha1 Rollout or argoproj.io/v1alpha1 Rollout",
        ],
        warnings: [],
      },
    ]);
  });

  it('blames the second of two documents on one target', () => {
    const records = validateRollouts(
      app,
      [deployment('web')],
      [canary('web', 'web'), canary('web-2', 'web')],
    );
    expect(records.map(r => r.errors)).toEqual([
      [],
      [
        'Canary web-2: spec.targetRef: Deployment web is already the target of Canary web',
      ],
    ]);
  });

  it('keeps the parse errors of an invalid document, without a spec', () => {
    const broken = canary('web', 'web');
    (broken.spec as { analysis: Record<string, unknown> }).analysis.interval =
      'soon';
    const records = validateRollouts(
      app,
      [deployment('web')],
      [broken, { apiVersion: 'v1', kind: 'Canary', metadata: { name: 'x' } }],
    );
    expect(records[0].spec).toBeUndefined();
    expect(records[0].errors).toEqual([
      expect.stringMatching(/^spec\.analysis\.interval: /),
    ]);
    expect(records[1].errors).toEqual([
      'apiVersion: must be flagger.app/v1beta1 for a Canary, got v1',
    ]);
    expect(summarizeRollout(records[0])).toEqual({
      name: 'web',
      kind: 'Canary',
      errors: records[0].errors,
      warnings: [],
    });
  });

  it("records the app's namespace on a spec that names none, and leaves MetricTemplates to the engine", () => {
    const template: KubernetesObject = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: { name: 'errors' },
      spec: { provider: { type: 'prometheus' }, query: 'up' },
    };
    const records = validateRollouts(
      app,
      [deployment('web')],
      [template, canary('web', 'web')],
    );
    expect(records.map(r => r.name)).toEqual(['web']);
    expect(records[0].spec?.source.namespace).toBe('shop');
  });

  it('takes the shortest analysis interval from the options', () => {
    const fast = validateRollouts(
      app,
      [deployment('web')],
      [canary('web', 'web')],
      { minIntervalMs: 1000 },
    );
    expect(fast[0].spec?.analysis.intervalMs).toBe(30_000);
    const doc = canary('web', 'web');
    (doc.spec as any).analysis.interval = '2s';
    const [twoSeconds] = validateRollouts(app, [deployment('web')], [doc], {
      minIntervalMs: 1000,
    });
    expect(twoSeconds.spec?.analysis.intervalMs).toBe(2000);
    const [clamped] = validateRollouts(app, [deployment('web')], [doc]);
    expect(clamped.spec?.analysis.intervalMs).toBe(10_000);
    expect(clamped.warnings).toContain(
      'spec.analysis.interval: 2s is below the 10s minimum, using 10s',
    );
  });

  it("records the target's declared replicas, which the sync engine leaves to the rollout engine", () => {
    const web = { ...deployment('web'), spec: { replicas: 3 } };
    const [record] = validateRollouts(app, [web], [canary('web', 'web')]);
    expect(record.spec?.targetReplicas).toBe(3);
    const [unset] = validateRollouts(
      app,
      [deployment('web')],
      [canary('web', 'web')],
    );
    expect(unset.spec?.targetReplicas).toBeUndefined();
  });

  it('refuses a rollout outside the project destinations, and references to other namespaces, naming the rule', () => {
    const doc = canary('web', 'web');
    const analysis = (doc.spec as { analysis: Record<string, unknown> })
      .analysis;
    analysis.metrics = [
      {
        name: 'borrowed',
        templateRef: { name: 'team-b-prometheus', namespace: 'team-b' },
        thresholdRange: { max: 1 },
      },
      {
        name: 'own',
        templateRef: { name: 'errors', namespace: 'shop' },
        thresholdRange: { max: 1 },
      },
    ];
    analysis.alerts = [
      { name: 'chat', providerRef: { name: 'slack', namespace: 'team-b' } },
    ];
    const project = testProject({
      name: 'team-a',
      destinations: [{ cluster: 'prod', namespaces: ['shop'] }],
    });
    const [record] = validateRollouts(
      { ...app, cluster: 'prod', project },
      [deployment('web')],
      [doc],
    );
    expect(record.errors).toEqual([
      "spec.analysis.metrics[0].templateRef.namespace: 'team-b' is outside the rollout's namespace 'shop': MetricTemplates resolve only there",
      "spec.analysis.alerts[0].providerRef.namespace: 'team-b' is outside the rollout's namespace 'shop': AlertProviders resolve only there",
    ]);
    const [elsewhere] = validateRollouts(
      { ...app, cluster: 'staging', project },
      [deployment('web')],
      [canary('web', 'web')],
    );
    expect(elsewhere.errors).toEqual([
      "spec.targetRef: namespace 'shop' on cluster 'staging' is not a destination of project 'team-a' (rule: destinations)",
    ]);
  });
  it("reads a Canary that names no provider with its cluster's default provider", () => {
    const { provider, ...spec } = canary('web', 'web').spec as Record<
      string,
      unknown
    >;
    expect(provider).toBe('istio');
    const unnamed = { ...canary('web', 'web'), spec };
    const options = {
      defaultProvider: 'kuma' as const,
      clusterProviders: { mesh: 'linkerd' as const },
    };
    const providerOn = (cluster: string) =>
      validateRollouts(
        { ...app, cluster },
        [deployment('web')],
        [unnamed],
        options,
      )[0].spec?.provider;
    expect(providerOn('mesh')).toBe('linkerd');
    expect(providerOn('edge')).toBe('kuma');
    // A provider the document names stands on every cluster.
    expect(
      validateRollouts(
        { ...app, cluster: 'mesh' },
        [deployment('web')],
        [canary('web', 'web')],
        options,
      )[0].spec?.provider,
    ).toBe('istio');
  });
});
