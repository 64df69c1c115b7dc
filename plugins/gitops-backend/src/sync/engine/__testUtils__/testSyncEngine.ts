import { randomBytes } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { TestStores } from '../../../__testUtils__/testDatabases';
import { testProjectSettings } from '../../../__testUtils__/testProject';
import { SyncEngine, SyncEngineDeps, SyncEngineOptions } from '../SyncEngine';

/**
 * A sync engine over test stores, as one backend replica: its own owner
 * name, a long interval and catalog period (tests drive those), a short
 * claim poll.
 */
export function testSyncEngine(
  stores: Pick<TestStores, 'gitops' | 'leases' | 'operations'>,
  deps: Pick<SyncEngineDeps, 'catalog' | 'reconciler'> &
    Partial<SyncEngineDeps>,
  options: Partial<SyncEngineOptions> = {},
): SyncEngine {
  return new SyncEngine(
    {
      store: stores.gitops,
      leases: stores.leases,
      operations: stores.operations,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      projects: testProjectSettings('group:default/team-a'),
      ...deps,
    },
    {
      owner: `test-${randomBytes(3).toString('hex')}`,
      intervalMs: 3_600_000,
      jitterMs: 0,
      catalogRefreshMs: 3_600_000,
      concurrency: 2,
      leaseMs: 30_000,
      claimIntervalMs: 100,
      ...options,
    },
  );
}
