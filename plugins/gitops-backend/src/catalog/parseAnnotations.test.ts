import { Entity } from '@backstage/catalog-model';
import { testProject, testProjectSettings } from '../__testUtils__/testProject';
import { parseAnnotations } from './parseAnnotations';

const projects = testProjectSettings('group:default/team-a');

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
    expect(parseAnnotations(entity(base), projects)).toEqual([
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
        project: projects.projects[0],
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
      projects,
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
    const apps = parseAnnotations(entity(annotations), projects);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(app).toMatchObject({ valid: false });
      expect(app.valid === false && app.message).toContain(message);
    }
  });

  it('reports every problem at once and keeps one app per named cluster', () => {
    const apps = parseAnnotations(
      entity({ ...base, 'slipway.dev/prune': 'maybe', 'slipway.dev/sync-policy': 'x' }),
      projects,
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
      projects,
    );
    expect(app.valid === false && app.message).not.toContain('s3cret');
  });

  describe('projects', () => {
    const teamA = testProject({
      name: 'team-a',
      owners: ['group:default/team-a'],
      sourceRepos: ['https://git.example.test/org/*'],
      sourcePaths: ['apps/payments/**'],
      destinations: [{ cluster: 'dev', namespaces: ['payments', 'payments-*'] }],
    });
    const teamB = testProject({ name: 'team-b', owners: ['group:default/team-b'] });
    const settings = { projects: [teamA, teamB] };
    const annotations = {
      ...base,
      'slipway.dev/clusters': 'dev',
      'slipway.dev/namespace': 'payments',
      'slipway.dev/path': 'apps/payments/{cluster}',
    };
    const message = (apps: ReturnType<typeof parseAnnotations>) => apps.map(a => (a.valid ? 'valid' : a.message));

    it('binds the app to the project its annotation names when the owner is one of its owners', () => {
      const [app] = parseAnnotations(entity({ ...annotations, 'slipway.dev/project': 'team-a' }), settings);
      expect(app).toMatchObject({ valid: true, project: teamA });
    });

    it('refuses a project the owner does not belong to, naming its owners', () => {
      expect(message(parseAnnotations(entity({ ...annotations, 'slipway.dev/project': 'team-b' }), settings))).toEqual([
        "Project 'team-b' is not open to owner 'team-a' (its owners: group:default/team-b)",
      ]);
    });

    it('needs a project when no default is configured, and knows only configured ones', () => {
      expect(message(parseAnnotations(entity(annotations), settings))[0]).toContain(
        'slipway.dev/project is required: no default project is configured',
      );
      expect(message(parseAnnotations(entity({ ...annotations, 'slipway.dev/project': 'nope' }), settings))).toEqual([
        "No project 'nope' in slipway.projects",
      ]);
    });

    it('falls back to the default project, still only for its owners', () => {
      const [app] = parseAnnotations(entity(annotations), { ...settings, defaultProject: 'team-a' });
      expect(app).toMatchObject({ valid: true, project: { name: 'team-a' } });
      const other = parseAnnotations(entity(annotations), { projects: [teamB], defaultProject: 'team-b' });
      expect(other[0].valid).toBe(false);
    });

    it.each([
      [{ 'slipway.dev/repo': 'https://git.example.test/other-org/gitops.git' }, "Refused by sourceRepos: repository 'https://git.example.test/other-org/gitops' is not in the sourceRepos of project 'team-a'"],
      [{ 'slipway.dev/path': 'apps/billing' }, "Refused by sourcePaths: folder 'apps/billing' is not in the sourcePaths of project 'team-a'"],
      [{ 'slipway.dev/namespace': 'billing' }, "Refused by destinations: namespace 'billing' on cluster 'dev' is not a destination of project 'team-a'"],
      [{ 'slipway.dev/clusters': 'prod' }, "Refused by destinations: namespace 'payments' on cluster 'prod' is not a destination of project 'team-a'"],
    ])('refuses %j with the rule that refused it', (changed, expected) => {
      const apps = parseAnnotations(entity({ ...annotations, 'slipway.dev/project': 'team-a', ...changed }), settings);
      expect(message(apps)).toEqual([expected]);
    });
  });
});

