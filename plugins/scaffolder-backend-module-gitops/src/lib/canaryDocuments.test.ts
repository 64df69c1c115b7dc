import fs from 'node:fs';
import path from 'node:path';
import {
  CANARY_DEFAULTS,
  CanarySettings,
  renderAppManifests,
} from './manifests';

// The canary documents the template writes, for its typical settings, are
// kept as files beside the template. gitops-backend's tests parse the same
// files with the rollout engine's parser (rollout/spec/templateCanaries.test.ts),
// so a change on either side that breaks the other fails a test; modules may
// not import gitops-backend, hence files instead of a shared import.
const renderedDir = path.resolve(
  __dirname,
  '../../../../examples/templates/canary-service/rendered',
);

/** Variant name → the template's Canary page values. */
const TEMPLATE_CANARY_VARIANTS: Record<string, Partial<CanarySettings>> = {
  'istio-canary': { provider: 'istio' },
  'kubernetes-blue-green': { provider: 'kubernetes', strategy: 'blueGreen' },
  'nginx-load-test': {
    provider: 'nginx',
    loadTest: true,
    stepWeight: 5,
    maxWeight: 25,
  },
  'gatewayapi-canary': {
    provider: 'gatewayapi:v1',
    gateway: 'gateway-system/public',
    interval: '30s',
    threshold: 3,
  },
  'apisix-canary': { provider: 'apisix' },
  'default-provider': {},
};

function render(variant: Partial<CanarySettings>) {
  return renderAppManifests({
    name: 'web',
    namespace: 'shop',
    image: 'ghcr.io/example/web:1.0.0',
    port: 8080,
    replicas: 2,
    maxReplicas: 4,
    canary: { ...CANARY_DEFAULTS, ...variant },
  })['canary.yaml'];
}

describe('the canary documents of the canary-service template', () => {
  it.each(Object.entries(TEMPLATE_CANARY_VARIANTS))(
    'renders %s as in examples/templates/canary-service/rendered',
    (name, variant) => {
      const file = path.join(renderedDir, `${name}.yaml`);
      if (process.env.SLIPWAY_UPDATE_RENDERED)
        fs.writeFileSync(file, render(variant));
      expect(render(variant)).toBe(fs.readFileSync(file, 'utf8'));
    },
  );

  it('keeps no stale rendered files', () => {
    expect(fs.readdirSync(renderedDir).sort()).toEqual(
      Object.keys(TEMPLATE_CANARY_VARIANTS)
        .map(n => `${n}.yaml`)
        .sort(),
    );
  });
});
