import { Entity } from '@backstage/catalog-model';
import { parseAnnotations } from './parseAnnotations';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const base = {
  'slipway.dev/repo': 'https://git.example.test/org/gitops.git',
  'slipway.dev/clusters': 'dev, prod',
};

describe('parseAnnotations', () => {
  it('fans out one app per cluster with defaults', () => {
    expect(parseAnnotations(entity(base))).toEqual([
      {
        valid: true,
        key: 'component:default/payments@dev',
        entityRef: 'component:default/payments',
        cluster: 'dev',
        repoUrl: 'https://git.example.test/org/gitops.git',
        path: '',
        revision: undefined,
        namespace: 'default',
        syncPolicy: 'manual',
        prune: false,
        selfHeal: false,
        canary: undefined,
      },
      expect.objectContaining({ key: 'component:default/payments@prod', cluster: 'prod' }),
    ]);
  });

  it('substitutes {cluster} in the path and reads every setting', () => {
    const apps = parseAnnotations(
      entity({
        ...base,
        'slipway.dev/path': './apps/payments/{cluster}/',
        'slipway.dev/revision': '>=1.2 <2',
        'slipway.dev/namespace': 'payments',
        'slipway.dev/sync-policy': 'auto',
        'slipway.dev/prune': 'true',
        'slipway.dev/self-heal': 'TRUE',
        'slipway.dev/canary': 'payments-api',
      }),
    );
    expect(apps.map(a => a.valid && a.path)).toEqual([
      'apps/payments/dev',
      'apps/payments/prod',
    ]);
    expect(apps[1]).toMatchObject({
      revision: '>=1.2 <2',
      namespace: 'payments',
      syncPolicy: 'auto',
      prune: true,
      selfHeal: true,
      canary: 'payments-api',
    });
  });

  it.each([
    [{ 'slipway.dev/clusters': 'dev' }, 'slipway.dev/repo is required'],
    [{ 'slipway.dev/repo': base['slipway.dev/repo'] }, 'slipway.dev/clusters is required'],
    [
      { ...base, 'slipway.dev/repo': 'git@github.com:org/repo.git' },
      "slipway.dev/repo must be an http(s) URL, got 'git@github.com:org/repo.git'",
    ],
    [{ ...base, 'slipway.dev/path': 'apps/../../etc' }, "slipway.dev/path must not contain '..'"],
    [{ ...base, 'slipway.dev/path': '/apps' }, 'slipway.dev/path must be relative to the repository root'],
    [
      { ...base, 'slipway.dev/path': 'apps/{env}' },
      "slipway.dev/path has an unknown placeholder '{env}' (only {cluster})",
    ],
    [
      { ...base, 'slipway.dev/sync-policy': 'sometimes' },
      "slipway.dev/sync-policy must be 'auto' or 'manual', got 'sometimes'",
    ],
    [{ ...base, 'slipway.dev/prune': 'yes' }, "slipway.dev/prune must be 'true' or 'false', got 'yes'"],
    [
      { ...base, 'slipway.dev/namespace': 'Payments_NS' },
      "slipway.dev/namespace 'Payments_NS' is not a valid namespace name",
    ],
    [{ ...base, 'slipway.dev/clusters': 'dev,dev' }, 'slipway.dev/clusters names a cluster twice'],
  ])('marks %j invalid with a precise message', (annotations, message) => {
    const apps = parseAnnotations(entity(annotations));
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(app).toMatchObject({ valid: false });
      expect(app.valid === false && app.message).toContain(message);
    }
  });

  it('reports every problem at once and keeps one app per named cluster', () => {
    const apps = parseAnnotations(
      entity({ ...base, 'slipway.dev/prune': 'maybe', 'slipway.dev/sync-policy': 'x' }),
    );
    expect(apps.map(a => a.key)).toEqual([
      'component:default/payments@dev',
      'component:default/payments@prod',
    ]);
    expect(apps[0].valid === false && apps[0].message.split('; ')).toHaveLength(2);
  });

  it('never echoes credentials written into the repo URL', () => {
    const [app] = parseAnnotations(
      entity({ ...base, 'slipway.dev/repo': 'ftp://user:s3cret@host/repo.git' }),
    );
    expect(app.valid === false && app.message).not.toContain('s3cret');
  });
});
