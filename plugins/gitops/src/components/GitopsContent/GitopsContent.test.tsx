import { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitopsApi, gitopsApiRef } from '../../api';
import {
  devApp,
  devResources,
  paymentsEntity,
  prodApp,
  finishedOperation,
} from '../../testing/fixtures';
import { timeElement } from '../../testing/timeElement';
import { GitopsContent } from './GitopsContent';

const plain: Entity = {
  ...paymentsEntity,
  metadata: { name: 'legacy', annotations: {} },
};

function render(
  entity: Entity,
  api: Partial<GitopsApi>,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const rendered = renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [alertApiRef, alertApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <GitopsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { rendered, alertApi };
}

const devOnly = (overrides: Partial<GitopsApi> = {}): Partial<GitopsApi> => ({
  listApps: async () => [devApp],
  getApp: async () => ({ app: devApp, resources: devResources }),
  ...overrides,
});

describe('GitopsContent', () => {
  it('shows the missing-annotation state on an entity without Slipway annotations', async () => {
    const listApps = jest.fn();
    await render(plain, { listApps }).rendered;
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.getAllByText(/slipway\.dev\/repo/).length).toBeGreaterThan(0);
    expect(listApps).not.toHaveBeenCalled();
  });

  it('says auto-sync is off for an app on the manual sync policy', async () => {
    const manual: Entity = {
      ...paymentsEntity,
      metadata: {
        ...paymentsEntity.metadata,
        annotations: {
          ...paymentsEntity.metadata.annotations,
          'slipway.dev/sync-policy': 'manual',
        },
      },
    };
    const app = { ...devApp, syncPolicy: 'manual' as const };
    await render(
      manual,
      devOnly({
        listApps: async () => [app],
        getApp: async () => ({ app, resources: devResources }),
      }),
    ).rendered;
    const dev = (await screen.findByText('Cluster dev')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(
      within(dev).getByText('off (manual sync policy)'),
    ).toBeInTheDocument();
  });

  it('shows sync status, health, revision, pinning and last run per cluster', async () => {
    await render(paymentsEntity, {
      listApps: async () => [devApp, prodApp],
      getApp: async (_e, cluster) => ({
        app: cluster === 'dev' ? devApp : prodApp,
        resources: [],
      }),
    }).rendered;
    const dev = (await screen.findByText('Cluster dev')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(within(dev).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(dev).getByText('Degraded')).toBeInTheDocument();
    expect(within(dev).getByText('3f2c1e9a7b5d')).toBeInTheDocument();
    const commit = within(dev).getByText(
      /^Bump payments to 1\.4\.2 \(Ada Lovelace, /,
    );
    timeElement(commit, devApp.commitDate!);
    timeElement(dev, devApp.updatedAt);
    expect(within(dev).getByText('Failed')).toBeInTheDocument();
    expect(
      within(dev).getByText('paused (pinned at 3f2c1e9a7b5d)'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('at 3f2c1e9a7b5d: auto-sync paused until unpinned'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Deployment payments: 0 of 3 replicas available'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByRole('button', { name: 'Unpin' }),
    ).toBeInTheDocument();

    const prod = screen
      .getByText('Cluster prod')
      .closest('.MuiCard-root') as HTMLElement;
    expect(within(prod).getByText('Synced')).toBeInTheDocument();
    expect(within(prod).getByText('on')).toBeInTheDocument();
    expect(
      within(prod).queryByRole('button', { name: 'Unpin' }),
    ).not.toBeInTheDocument();
  });

  it('shows resources as an owner tree with their own status and message', async () => {
    await render(paymentsEntity, devOnly()).rendered;
    const deployment = await screen.findByRole('row', {
      name: /^Deployment payments/,
    });
    const rows = screen
      .getAllByRole('row')
      .filter(r => r.hasAttribute('data-depth'));
    expect(
      rows.map(r => [
        r.getAttribute('aria-label'),
        r.getAttribute('data-depth'),
      ]),
    ).toEqual([
      ['ConfigMap payments-config', '0'],
      ['Deployment payments', '0'],
      ['ReplicaSet payments-7d9f8', '1'],
      ['Pod payments-7d9f8-x2k4q', '2'],
    ]);
    expect(
      within(deployment).getByText('0 of 3 replicas available'),
    ).toBeInTheDocument();
    const pod = screen.getByRole('row', { name: /^Pod / });
    expect(within(pod).getByText('Degraded')).toBeInTheDocument();
    expect(within(pod).getByText(/Back-off pulling image/)).toBeInTheDocument();
  });

  it('opens the diff of an out-of-sync resource with coloured added and removed lines', async () => {
    await render(paymentsEntity, devOnly()).rendered;
    // Only the out-of-sync Deployment has a diff to show.
    const toggles = await screen.findAllByRole('button', { name: /diff of/ });
    expect(toggles).toHaveLength(1);
    await userEvent.click(toggles[0]);
    const diff = screen.getByLabelText('diff from live to desired');
    const linesOf = (kind: string) =>
      Array.from(diff.querySelectorAll(`[data-kind="${kind}"]`)).map(
        l => l.textContent,
      );
    expect(linesOf('removed')).toEqual([
      '-      - image: registry.example.test/payments:1.4.1',
    ]);
    expect(linesOf('added')).toEqual([
      '+      - image: registry.example.test/payments:1.4.2',
    ]);
    expect(linesOf('header')).toEqual(['--- live', '+++ desired']);
    expect(linesOf('hunk')).toEqual(['@@ -12,7 +12,7 @@']);
    await userEvent.click(screen.getByRole('button', { name: /Hide diff of/ }));
    expect(
      screen.queryByLabelText('diff from live to desired'),
    ).not.toBeInTheDocument();
  });

  it('disables Sync, Refresh and Unpin without the permissions', async () => {
    // usePermission caches decisions per entity ref across renders, so the
    // denied case uses an entity no other test has asked about.
    const locked = {
      ...paymentsEntity,
      metadata: { ...paymentsEntity.metadata, name: 'locked' },
    };
    await render(locked, devOnly(), AuthorizeResult.DENY).rendered;
    await screen.findByText('Cluster dev');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sync' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Unpin' })).toBeDisabled();
  });

  it('syncs with the chosen revision, prune and dry run, and reports the run', async () => {
    const sync = jest.fn(async () =>
      finishedOperation(devApp, {
        action: 'sync',
        status: 'Succeeded',
        runId: 43,
      }),
    );
    const { rendered, alertApi } = render(paymentsEntity, devOnly({ sync }));
    await rendered;
    const button = await screen.findByRole('button', { name: 'Sync' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Revision'), 'v1.4.2');
    await userEvent.click(
      within(dialog).getByLabelText('Prune resources no longer in Git'),
    );
    await userEvent.click(within(dialog).getByLabelText('Dry run'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start dry run' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Dry run #43 on dev succeeded',
          severity: 'success',
        }),
      ),
    );
    expect(sync).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'dev',
      { revision: 'v1.4.2', prune: true, dryRun: true },
    );
  });

  it('reports a sync whose run failed as an error', async () => {
    const failed = {
      ...devApp,
      message: 'apply failed: admission webhook denied',
    };
    const sync = jest.fn(async () =>
      finishedOperation(failed, {
        action: 'sync',
        status: 'Failed',
        runId: 44,
      }),
    );
    const { rendered, alertApi } = render(paymentsEntity, devOnly({ sync }));
    await rendered;
    const button = await screen.findByRole('button', { name: 'Sync' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message:
            'Sync run #44 on dev failed: apply failed: admission webhook denied',
          severity: 'error',
        }),
      ),
    );
    expect(sync).toHaveBeenCalledWith(expect.anything(), 'dev', {
      revision: undefined,
      prune: false,
      dryRun: false,
    });
  });

  it('asks before unpinning and does nothing when cancelled', async () => {
    const unpin = jest.fn(async () =>
      finishedOperation(
        { ...devApp, pinnedRevision: undefined },
        { action: 'unpin', status: 'Succeeded' },
      ),
    );
    const { rendered, alertApi } = render(paymentsEntity, devOnly({ unpin }));
    await rendered;
    const button = await screen.findByRole('button', { name: 'Unpin' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(screen.getByText('Unpin dev?')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(unpin).not.toHaveBeenCalled();

    await userEvent.click(button);
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Unpin' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'Unpinned dev; auto-sync resumed' }),
      ),
    );
    expect(unpin).toHaveBeenCalledTimes(1);
  });

  it('reports a refused refresh with the permission the backend names', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            "Permission 'gitops.sync.trigger' denied on 'component:default/payments'",
        },
        request: { method: 'POST', url: '/refresh' },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    const refresh = jest.fn(async () => {
      throw error;
    });
    const { rendered, alertApi } = render(paymentsEntity, devOnly({ refresh }));
    await rendered;
    const button = await screen.findByRole('button', { name: 'Refresh' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Refresh',
      }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          "Refresh failed: Permission 'gitops.sync.trigger' denied on 'component:default/payments'",
        severity: 'error',
      }),
    );
  });

  it('explains an entity that has not been reconciled yet', async () => {
    await render(paymentsEntity, { listApps: async () => [] }).rendered;
    expect(await screen.findByText('Not reconciled yet')).toBeInTheDocument();
  });

  it('shows why the apps could not be read, and reads them on Retry', async () => {
    const listApps = jest
      .fn<ReturnType<GitopsApi['listApps']>, []>()
      .mockRejectedValueOnce(new Error("Permission 'gitops.app.read' denied"))
      .mockResolvedValue([devApp]);
    await render(paymentsEntity, devOnly({ listApps })).rendered;
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent(
      "Error: Could not load this entity's apps",
    );
    expect(problem).toHaveTextContent("Permission 'gitops.app.read' denied");
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(await screen.findByText('Cluster dev')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the listed state and says why the live details failed', async () => {
    await render(
      paymentsEntity,
      devOnly({
        getApp: async () => {
          throw new Error('gateway timeout');
        },
      }),
    ).rendered;
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent(
      'Error: Could not load the live state of dev',
    );
    expect(problem).toHaveTextContent('gateway timeout');
    expect(
      within(problem).getByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
    expect(screen.getByText('OutOfSync')).toBeInTheDocument();
  });
});
