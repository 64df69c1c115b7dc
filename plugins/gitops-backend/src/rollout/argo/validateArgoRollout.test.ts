import type { KubernetesObject } from '@slipway/plugin-gitops-node';
import { testProject } from '../../__testUtils__/testProject';
import { summarizeRollout } from '../summarizeRollout';
import { validateRollouts } from '../validateRollouts';

const service = (name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app: 'web' } },
});

const rollout = (canary: Record<string, unknown>): KubernetesObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web' },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:1' }] },
    },
    strategy: { canary },
  },
});

const template = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name },
  spec,
});

const successRate = template('success-rate', {
  metrics: [
    {
      name: 'success-rate',
      successCondition: 'result[0] >= 0.95',
      provider: {
        prometheus: { address: 'http://prometheus:9090', query: 'up' },
      },
    },
  ],
});

const app = {
  namespace: 'shop',
  canary: 'web',
  cluster: 'local',
  project: testProject(),
};

describe('validateRollouts with Argo Rollouts', () => {
  it('accepts an Argo canary whose Services and AnalysisTemplates the app renders, and lists its steps', () => {
    const doc = rollout({
      stableService: 'web-stable',
      canaryService: 'web-canary',
      steps: [
        { setWeight: 20 },
        { pause: {} },
        { analysis: { templates: [{ templateName: 'success-rate' }] } },
        { setWeight: 60 },
        { pause: { duration: '10s' } },
      ],
      trafficRouting: { nginx: { stableIngress: 'web' } },
    });
    const [record, ...rest] = validateRollouts(
      app,
      [service('web-stable'), service('web-canary')],
      [doc, successRate],
    );
    expect(rest).toEqual([]);
    expect(record.errors).toEqual([]);
    expect(record.argo?.source).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'web',
      namespace: 'shop',
    });
    expect(summarizeRollout(record)).toEqual({
      name: 'web',
      kind: 'Rollout',
      strategy: 'canary',
      provider: 'nginx',
      targetRef: { kind: 'Rollout', name: 'web', namespace: 'shop' },
      steps: [
        'setWeight 20',
        'pause',
        'analysis success-rate',
        'setWeight 60',
        'pause 10s',
      ],
      errors: [],
      warnings: [],
    });
  });

  it('names each thing Argo would only find missing at run time: a Service, a template, an invalid template', () => {
    const doc = rollout({
      stableService: 'web-stable',
      canaryService: 'web-canary',
      analysis: {
        templates: [
          { templateName: 'success-rate' },
          { templateName: 'latency' },
        ],
      },
      steps: [
        { setWeight: 20 },
        { analysis: { templates: [{ templateName: 'broken' }] } },
      ],
    });
    const broken = template('broken', {
      metrics: [{ name: 'x', provider: {} }],
    });
    const [record] = validateRollouts(
      app,
      [service('web-stable')],
      [doc, successRate, broken],
    );
    expect(record.argo).toBeDefined();
    expect(record.errors).toEqual([
      "spec.strategy.canary.canaryService: Service shop/web-canary is not among the app's manifests",
      'AnalysisTemplate "latency" not found among the app\'s documents',
      expect.stringMatching(
        /^AnalysisTemplate broken is invalid: spec\.metrics\[0\]/,
      ),
    ]);
  });

  it('refuses a Rollout in a namespace outside the project, or one the canary annotation does not name', () => {
    const doc = rollout({ steps: [{ setWeight: 50 }] });
    const project = testProject({
      name: 'team-a',
      destinations: [{ cluster: 'local', namespaces: ['shop'] }],
    });
    const [outside] = validateRollouts(
      { ...app, namespace: 'kube-system', project },
      [],
      [doc],
    );
    expect(outside.errors).toEqual([
      "metadata.namespace: namespace 'kube-system' on cluster 'local' is not a destination of project 'team-a' (rule: destinations)",
    ]);
    const [other] = validateRollouts({ ...app, canary: 'api' }, [], [doc]);
    expect(other.errors).toEqual([
      "metadata.name: Rollout web is not the entity's canary workload 'api' (slipway.dev/canary)",
    ]);
  });

  it("keeps a Rollout that does not parse, with the parser's errors and no spec", () => {
    const doc = rollout({ steps: [{ setWeight: 'half' }] });
    const [record] = validateRollouts(app, [], [doc]);
    expect(record.argo).toBeUndefined();
    expect(record.errors).toEqual([
      expect.stringMatching(/^spec\.strategy\.canary\.steps\[0\]\.setWeight/),
    ]);
  });
});
