import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { GitopsApi, gitopsApiRef } from '../../../api';
import {
  currentRolloutRun,
  currentRunChecks,
  currentRunEvents,
  devApp,
  failedRolloutRun,
  failedRunDetails,
  paymentsEntity,
  progressingRollout,
} from '../../../testing/fixtures';
import { CanaryContent } from '../CanaryContent';

/** The payments component with its canary workload named. */
export const canaryEntity = (name = 'payments'): Entity => ({
  ...paymentsEntity,
  metadata: {
    ...paymentsEntity.metadata,
    name,
    annotations: {
      ...paymentsEntity.metadata.annotations,
      'slipway.dev/canary': 'payments-api',
    },
  },
});

/** The backend as it answers for a canary progressing at 20% on dev, with one failed run before. */
export const liveRolloutApi = (
  overrides: Partial<GitopsApi> = {},
): Partial<GitopsApi> => ({
  listApps: async () => [devApp],
  listRollouts: async () => [progressingRollout],
  getRolloutRun: async (_entity, _cluster, _rollout, runId) =>
    runId === currentRolloutRun.id
      ? {
          run: currentRolloutRun,
          checks: currentRunChecks,
          events: currentRunEvents,
        }
      : failedRunDetails,
  listRolloutEvents: async () => currentRunEvents,
  listRolloutRuns: async () => ({
    items: [currentRolloutRun, failedRolloutRun],
    totalCount: 2,
  }),
  ...overrides,
});

/** Renders the Canary tab with the given backend, permission decision and entity. */
export function renderCanary(
  api: Partial<GitopsApi>,
  options: {
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    entity?: Entity;
    /** How often the tab polls; 10 minutes (never, in a test) by default. */
    pollIntervalMs?: number;
  } = {},
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const rendered = renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.authorize ?? AuthorizeResult.ALLOW,
          }),
        ],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? canaryEntity()}>
        {/* Polls only when a test asks: a test that counts reads must not
            race a poll on a slow machine. */}
        <CanaryContent pollIntervalMs={options.pollIntervalMs ?? 600_000} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { rendered, alertApi };
}

/** The card of one cluster. */
export const clusterCard = async (cluster: string) =>
  within(
    (await screen.findByText(`Cluster ${cluster}`)).closest(
      '.MuiCard-root',
    ) as HTMLElement,
  );
