import { devApp } from '../../testing/fixtures';
import { describeSync } from './SyncButton';

describe('describeSync', () => {
  it('sums up a refused sync by its rules instead of repeating every object', () => {
    const app = {
      ...devApp,
      message:
        "ClusterRoleBinding takeover: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'; " +
        "Deployment team-b/api: refused by destinations: namespace 'team-b' on cluster 'dev' is not a destination of project 'team-a'",
    };
    expect(describeSync({ runId: 7, ok: false, app }, false)).toEqual({
      message:
        "Sync run #7 on dev failed: 2 objects refused by clusterResourceAllowList, destinations; see the cluster's card",
      severity: 'error',
    });
  });

  it('keeps any other failure message as it is', () => {
    const app = {
      ...devApp,
      message: 'apply failed: admission webhook denied',
    };
    expect(describeSync({ runId: 8, ok: false, app }, true).message).toBe(
      'Dry run #8 on dev failed: apply failed: admission webhook denied',
    );
  });
});
