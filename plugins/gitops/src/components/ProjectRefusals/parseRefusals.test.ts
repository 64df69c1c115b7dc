import { parseRefusals, summarizeRefusals } from './parseRefusals';

const refusedSync =
  "ClusterRoleBinding takeover: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'; " +
  "Deployment team-b/api: refused by destinations: namespace 'team-b' on cluster 'local' is not a destination of project 'team-a'";

describe('parseRefusals', () => {
  it('takes a refused sync apart into one row per object with its rule and reason', () => {
    expect(parseRefusals(refusedSync)).toEqual({
      refusals: [
        {
          object: 'ClusterRoleBinding takeover',
          rule: 'clusterResourceAllowList',
          reason:
            "cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'",
        },
        {
          object: 'Deployment team-b/api',
          rule: 'destinations',
          reason:
            "namespace 'team-b' on cluster 'local' is not a destination of project 'team-a'",
        },
      ],
    });
  });

  it('keeps colons that belong to the object name', () => {
    const parsed = parseRefusals(
      "ClusterRole system:aggregate-to-view: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in the clusterResourceAllowList of project 'team-a'",
    );
    expect(parsed?.refusals[0]).toMatchObject({
      object: 'ClusterRole system:aggregate-to-view',
      rule: 'clusterResourceAllowList',
    });
  });

  it('reads a refusal of the whole app, which names no object', () => {
    expect(
      parseRefusals(
        "Refused by destinations: namespace 'x' on cluster 'local' is not a destination of project 'team-a'",
      ),
    ).toEqual({
      refusals: [
        {
          rule: 'destinations',
          reason:
            "namespace 'x' on cluster 'local' is not a destination of project 'team-a'",
        },
      ],
    });
  });

  it('reads an ownership conflict as one row per object with its owner', () => {
    expect(
      parseRefusals(
        "Ownership conflict, nothing applied: Deployment team-b/api is owned by app 'component:default/other@local'; ConfigMap team-b/cfg is owned by app 'component:default/third@local'",
      ),
    ).toEqual({
      summary: 'Ownership conflict, nothing applied',
      refusals: [
        {
          object: 'Deployment team-b/api',
          rule: 'ownership',
          reason: "owned by app 'component:default/other@local'",
        },
        {
          object: 'ConfigMap team-b/cfg',
          rule: 'ownership',
          reason: "owned by app 'component:default/third@local'",
        },
      ],
    });
  });

  it('keeps problems of another shape beside the refusals as plain rows', () => {
    const parsed = parseRefusals(
      `Job migrate: unknown hook phase 'Sometime'; ${refusedSync}`,
    );
    expect(parsed?.refusals.map(r => [r.rule, r.object])).toEqual([
      [undefined, undefined],
      ['clusterResourceAllowList', 'ClusterRoleBinding takeover'],
      ['destinations', 'Deployment team-b/api'],
    ]);
    expect(parsed?.refusals[0].reason).toBe(
      "Job migrate: unknown hook phase 'Sometime'",
    );
  });

  it.each([
    ['no message', undefined],
    ['an empty message', ''],
    ['a health message', 'Deployment payments: 0 of 3 replicas available'],
    [
      'a project that is not open to the owner',
      "Project 'team-b' is not open to owner 'team-a' (its owners: group:default/team-b)",
    ],
    [
      'an apply error mentioning a refusal in passing',
      'Get https://10.0.0.1:6443: connection refused by peer; retrying',
    ],
    [
      'an ownership conflict with nothing after it',
      'Ownership conflict, nothing applied: ',
    ],
  ])('leaves %s to be shown as text', (_what, message) => {
    expect(parseRefusals(message)).toBeUndefined();
  });
});

describe('summarizeRefusals', () => {
  it('names the count and the rules for an alert', () => {
    expect(summarizeRefusals(parseRefusals(refusedSync)!)).toBe(
      "2 objects refused by clusterResourceAllowList, destinations; see the cluster's card",
    );
  });

  it('counts problems that are not refusals separately', () => {
    const parsed = parseRefusals(
      `Job migrate: unknown hook phase 'Sometime'; Deployment team-b/api: refused by destinations: namespace 'team-b' on cluster 'local' is not a destination of project 'team-a'`,
    )!;
    expect(summarizeRefusals(parsed)).toBe(
      "1 object refused by destinations and 1 other problem; see the cluster's card",
    );
  });

  it('keeps the lead-in of an ownership conflict', () => {
    const parsed = parseRefusals(
      "Ownership conflict, nothing applied: Deployment team-b/api is owned by app 'component:default/other@local'",
    )!;
    expect(summarizeRefusals(parsed)).toBe(
      "Ownership conflict, nothing applied (1 object); see the cluster's card",
    );
  });
});
