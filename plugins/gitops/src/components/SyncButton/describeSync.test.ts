import { devApp, finishedOperation } from '../../testing/fixtures';
import { describeSync } from './SyncButton';

describe('describeSync', () => {
  it('sums up a refused sync by its rules instead of repeating every object', () => {
    const app = {
      ...devApp,
      message:
        "ClusterRoleBinding takeover: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'; " +
        "Deployment team-b/api: refused by destinations: namespace 'team-b' on cluster 'dev' is not a destination of project 'team-a'",
    };
    const result = finishedOperation(app, {
      action: 'sync',
      status: 'Failed',
      runId: 7,
    });
    expect(describeSync(result, false)).toEqual({
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
    const result = finishedOperation(app, {
      action: 'sync',
      status: 'Failed',
      runId: 8,
    });
    expect(describeSync(result, true).message).toBe(
      'Dry run #8 on dev failed: apply failed: admission webhook denied',
    );
  });

  it('says when the backend running the sync stopped before it ended', () => {
    const result = finishedOperation(devApp, {
      action: 'sync',
      status: 'Interrupted',
      runId: 9,
      message: 'Interrupted: backend web-1 stopped before the sync finished',
    });
    expect(describeSync(result, false)).toEqual({
      message:
        'Sync run #9 on dev was interrupted: Interrupted: backend web-1 stopped before the sync finished',
      severity: 'error',
    });
  });
});
