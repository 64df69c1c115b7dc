import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { AuditEvent } from '@slipway/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import { devApp, paymentsEntity } from '../../testing/fixtures';
import { HistoryContent } from './HistoryContent';

const denied: AuditEvent = {
  id: 2,
  entityRef: devApp.entityRef,
  cluster: 'dev',
  action: 'rollback',
  actor: 'user:default/mallory',
  result: 'denied',
  permission: 'gitops.rollback.trigger',
  message:
    "Permission 'gitops.rollback.trigger' denied on 'component:default/payments'",
  createdAt: '2026-11-23T10:05:00.000Z',
};
const synced: AuditEvent = {
  ...denied,
  id: 1,
  action: 'sync',
  actor: 'user:default/ada',
  result: 'succeeded',
  permission: 'gitops.sync.trigger',
  message: 'Run 7',
  createdAt: '2026-11-23T10:00:00.000Z',
};

function render(listAudit: GitopsApi['listAudit']) {
  const api: Partial<GitopsApi> = {
    listApps: async () => [devApp],
    listHistory: async () => ({ items: [], totalCount: 0 }),
    listAudit,
  };
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={paymentsEntity}>
        <HistoryContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('HistoryContent actions', () => {
  it('lists who tried what on the selected cluster, denied attempts included', async () => {
    const listAudit = jest.fn(async () => ({
      items: [denied, synced],
      totalCount: 2,
    }));
    await render(listAudit);

    expect(await screen.findByText('Actions on dev')).toBeInTheDocument();
    const deniedRow = (await screen.findByText('user:default/mallory')).closest(
      'tr',
    ) as HTMLElement;
    expect(within(deniedRow).getByText('rollback')).toBeInTheDocument();
    expect(within(deniedRow).getByText('Denied')).toBeInTheDocument();
    expect(
      within(deniedRow).getByText(/gitops\.rollback\.trigger/),
    ).toBeInTheDocument();
    const syncRow = screen
      .getByText('user:default/ada')
      .closest('tr') as HTMLElement;
    expect(within(syncRow).getByText('Succeeded')).toBeInTheDocument();
    expect(within(syncRow).getByText('Run 7')).toBeInTheDocument();
    expect(listAudit).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      { cluster: 'dev', offset: 0, limit: 20 },
    );
  });
});
