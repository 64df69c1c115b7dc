import { ConfigReader } from '@backstage/config';
import {
  allowsOutboundHost,
  canonicalRepoUrl,
  checkObject,
  checkSourcePath,
  checkSourceRepo,
  impersonatedUser,
  destinationOf,
  readProjects,
} from '.';

const config = (projects: unknown[], defaultProject?: string) =>
  new ConfigReader({ slipway: { projects, defaultProject } } as any);

const teamA = {
  name: 'team-a',
  owners: ['team-a'],
  sourceRepos: [
    'https://git.example.test/team-a/*',
    'https://git.example.test/shared/gitops.git',
  ],
  sourcePaths: ['teams/a/**', 'common'],
  destinations: [
    {
      cluster: 'prod-*',
      namespaces: ['team-a', 'team-a-*'],
      serviceAccount: 'team-a/deployer',
    },
    { cluster: 'dev', namespaces: ['team-a'] },
  ],
  clusterResourceAllowList: [{ kind: 'Namespace' }],
  namespaceResourceDenyList: [
    { group: '', kind: 'ResourceQuota' },
    { group: 'networking.k8s.io', kind: '*' },
  ],
  outboundHosts: ['prometheus.monitoring:9090', '*.slack.test'],
};

describe('projects', () => {
  const [project] = readProjects(config([teamA])).projects;

  it('reads a project with owners as group refs and secure defaults', () => {
    expect(project.owners).toEqual(['group:default/team-a']);
    const [bare] = readProjects(
      config([
        {
          name: 'bare',
          owners: ['group:ops/sre'],
          sourceRepos: [],
          destinations: [],
        },
      ]),
    ).projects;
    expect(bare).toMatchObject({
      sourcePaths: ['**'],
      clusterResourceAllowList: [],
      namespaceResourceDenyList: [],
      outboundHosts: [],
    });
  });

  it.each([
    [
      [{ ...teamA, name: 'Team A' }],
      "slipway.projects[0].name: 'Team A' is not a DNS label",
    ],
    [[teamA, teamA], "slipway.projects: project 'team-a' is declared twice"],
    [
      [
        {
          ...teamA,
          destinations: [
            { cluster: 'x', namespaces: ['a'], serviceAccount: 'deployer' },
          ],
        },
      ],
      "slipway.projects[0].destinations[0].serviceAccount: 'deployer' is not '<namespace>/<name>'",
    ],
    [
      [{ ...teamA, destinations: [{ cluster: 'x', namespaces: [] }] }],
      'slipway.projects[0].destinations[0].namespaces: list at least one namespace glob',
    ],
  ])('refuses a broken project config at startup (%#)', (projects, message) => {
    expect(() => readProjects(config(projects))).toThrow(message);
  });

  it('refuses a default project that does not exist', () => {
    expect(() => readProjects(config([teamA], 'other'))).toThrow(
      "slipway.defaultProject: no project 'other' in slipway.projects",
    );
  });

  it('matches repositories by canonical URL, one path segment per *', () => {
    expect(canonicalRepoUrl('HTTPS://Git.Example.test/Team-a/app.git/')).toBe(
      'https://git.example.test/Team-a/app',
    );
    expect(
      checkSourceRepo(
        project,
        'https://user:pw@git.example.test/team-a/app.git',
      ),
    ).toBeUndefined();
    expect(
      checkSourceRepo(project, 'https://git.example.test/shared/gitops'),
    ).toBeUndefined();
    expect(
      checkSourceRepo(project, 'https://git.example.test/team-a/nested/app.git')
        ?.rule,
    ).toBe('sourceRepos');
    expect(
      checkSourceRepo(project, 'https://git.example.test/team-b/app.git')
        ?.message,
    ).toBe(
      "repository 'https://git.example.test/team-b/app' is not in the sourceRepos of project 'team-a'",
    );
  });

  it('allows a folder when it or a parent matches a sourcePath', () => {
    expect(checkSourcePath(project, 'teams/a/payments/prod')).toBeUndefined();
    expect(checkSourcePath(project, 'teams/a')).toBeUndefined();
    expect(checkSourcePath(project, 'teams/ab')?.rule).toBe('sourcePaths');
    expect(checkSourcePath(project, 'common')).toBeUndefined();
    expect(checkSourcePath(project, 'common/sub')).toBeUndefined();
    expect(checkSourcePath(project, 'teams/b')?.rule).toBe('sourcePaths');
    expect(checkSourcePath(project, '')?.message).toBe(
      "folder '/' is not in the sourcePaths of project 'team-a'",
    );
  });

  it('names the rule that refuses an object', () => {
    const check = (
      group: string,
      kind: string,
      namespace?: string,
      cluster = 'prod-eu',
    ) => checkObject(project, cluster, { group, kind, namespace })?.rule;
    expect(check('', 'Namespace')).toBeUndefined();
    expect(check('rbac.authorization.k8s.io', 'ClusterRoleBinding')).toBe(
      'clusterResourceAllowList',
    );
    expect(check('apps', 'Deployment', 'team-a-api')).toBeUndefined();
    expect(check('apps', 'Deployment', 'team-b')).toBe('destinations');
    expect(check('apps', 'Deployment', 'team-a', 'staging')).toBe(
      'destinations',
    );
    expect(check('', 'ResourceQuota', 'team-a')).toBe(
      'namespaceResourceDenyList',
    );
    expect(check('networking.k8s.io', 'NetworkPolicy', 'team-a')).toBe(
      'namespaceResourceDenyList',
    );
    const anyKind = {
      ...project,
      clusterResourceAllowList: [{ group: '*', kind: '*' }],
    };
    expect(
      checkObject(anyKind, 'dev', { group: '', kind: 'Namespace' }),
    ).toBeUndefined();
    expect(
      checkObject(anyKind, 'dev', {
        group: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
      }),
    ).toBeUndefined();
    expect(
      checkObject(project, 'prod-eu', {
        group: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
      })?.message,
    ).toBe(
      "cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in the clusterResourceAllowList of project 'team-a'",
    );
  });

  it('impersonates the destination ServiceAccount, or nobody', () => {
    expect(impersonatedUser(destinationOf(project, 'prod-us', 'team-a'))).toBe(
      'system:serviceaccount:team-a:deployer',
    );
    expect(
      impersonatedUser(destinationOf(project, 'dev', 'team-a')),
    ).toBeUndefined();
  });

  it('allows outbound hosts by name and port', () => {
    expect(allowsOutboundHost(project, 'prometheus.monitoring', '9090')).toBe(
      true,
    );
    expect(allowsOutboundHost(project, 'prometheus.monitoring', '80')).toBe(
      false,
    );
    expect(allowsOutboundHost(project, 'hooks.slack.test', '443')).toBe(true);
    expect(allowsOutboundHost(project, 'slack.test.evil.example', '443')).toBe(
      false,
    );
    expect(allowsOutboundHost(project, '169.254.169.254', '80')).toBe(false);
  });
});
