import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { GitopsApi, gitopsApiRef } from '../../api';
import {
  devApp,
  failedRun,
  paymentsEntity,
  succeededRun,
  succeededRunResources,
  finishedOperation,
} from '../../testing/fixtures';
import { HistoryContent } from './HistoryContent';

function render(
  api: Partial<GitopsApi>,
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  entity: Entity = paymentsEntity,
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
        <HistoryContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { rendered, alertApi };
}

const history = (overrides: Partial<GitopsApi> = {}): Partial<GitopsApi> => ({
  listApps: async () => [devApp],
  listHistory: async () => ({
    items: [failedRun, succeededRun],
    totalCount: 2,
  }),
  listAudit: async () => ({ items: [], totalCount: 0 }),
  getRun: async (_e, runId) =>
    runId === succeededRun.id
      ? { run: succeededRun, resources: succeededRunResources }
      : { run: failedRun, resources: [] },
  ...overrides,
});

/** Expands the history row whose message cell reads `message`. */
async function expandRun(message: string) {
  const row = (await screen.findByText(message)).closest('tr') as HTMLElement;
  await userEvent.click(within(row).getAllByRole('button')[0]);
}

describe('HistoryContent run details', () => {
  it('expands a run into its commit, flags and per-resource results', async () => {
    await render(history()).rendered;
    await expandRun('Applied 3 objects');
    // The tab polls: on a busy machine the table may re-render between a
    // query and its assertion, so each check re-reads the current rows.
    const details = () => screen.getByLabelText('details of run 41');
    const rowOf = (resource: string) =>
      within(details()).getByRole('row', { name: new RegExp(`^${resource} `) });
    const flagRow = (flag: RegExp) =>
      within(details()).getByText(flag).closest('tr') as HTMLElement;
    await waitFor(() => {
      expect(
        within(details()).getByText('Bump payments to 1.4.1'),
      ).toBeInTheDocument();
      expect(within(details()).getByText('Grace Hopper')).toBeInTheDocument();
      expect(
        within(rowOf('Service payments-old')).getByText('Pruned'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('Service payments-old')).getByText('no longer in Git'),
      ).toBeInTheDocument();
      expect(
        within(rowOf('Deployment payments')).getByText('Configured'),
      ).toBeInTheDocument();
      // Flags: this run pruned and was not a dry run.
      expect(within(flagRow(/^prune$/i)).getByText('yes')).toBeInTheDocument();
      expect(within(flagRow(/^dry run$/i)).getByText('no')).toBeInTheDocument();
    });
  });

  it('offers Rollback and Revert only on successful runs', async () => {
    await render(history()).rendered;
    await expandRun('Deployment payments: progress deadline exceeded');
    const failed = await screen.findByLabelText('details of run 42');
    expect(
      within(failed).queryByRole('button', { name: 'Rollback' }),
    ).not.toBeInTheDocument();
    expect(
      within(failed).queryByRole('button', { name: 'Revert in Git' }),
    ).not.toBeInTheDocument();
  });

  it('rolls back after confirmation and reports the run', async () => {
    const rollback = jest.fn(async () =>
      finishedOperation(
        { ...devApp, pinnedRevision: succeededRun.revision },
        { action: 'rollback', status: 'Succeeded', runId: 50 },
      ),
    );
    const listHistory = jest.fn(async () => ({
      items: [failedRun, succeededRun],
      totalCount: 2,
    }));
    const { rendered, alertApi } = render(history({ rollback, listHistory }));
    await rendered;
    await expandRun('Applied 3 objects');
    const details = await screen.findByLabelText('details of run 41');
    const button = within(details).getByRole('button', { name: 'Rollback' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Roll dev back to 9a8b7c6d5e4f?'),
    ).toBeInTheDocument();
    expect(rollback).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Rollback' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Sync run #50 on dev succeeded',
          severity: 'success',
        }),
      ),
    );
    expect(rollback).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'dev',
      41,
    );
    // The table reloads to show the rollback's own run.
    await waitFor(() => expect(listHistory).toHaveBeenCalledTimes(2));
  });

  it('reverts in Git after confirmation and names the pushed commit', async () => {
    const revert = jest.fn(async () => ({
      sha: 'c0ffee1234567890c0ffee1234567890c0ffee12',
      app: devApp,
    }));
    const { rendered, alertApi } = render(history({ revert }));
    await rendered;
    await expandRun('Applied 3 objects');
    const details = await screen.findByLabelText('details of run 41');
    const button = within(details).getByRole('button', {
      name: 'Revert in Git',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Revert in Git',
      }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Pushed revert commit c0ffee123456; dev syncs it',
        }),
      ),
    );
    expect(revert).toHaveBeenCalledWith(expect.anything(), 'dev', 41);
  });

  it('disables Rollback and Revert without the rollback permission', async () => {
    // A fresh entity ref: usePermission caches decisions per resource ref.
    const locked = {
      ...paymentsEntity,
      metadata: { ...paymentsEntity.metadata, name: 'history-locked' },
    };
    const rollback = jest.fn();
    await render(history({ rollback }), AuthorizeResult.DENY, locked).rendered;
    await expandRun('Applied 3 objects');
    const details = await screen.findByLabelText('details of run 41');
    await waitFor(() =>
      expect(
        within(details).getByRole('button', { name: 'Rollback' }),
      ).toBeDisabled(),
    );
    expect(
      within(details).getByRole('button', { name: 'Revert in Git' }),
    ).toBeDisabled();
  });

  it('shows why the run details could not be read, and reads them on Retry', async () => {
    let failures = 1;
    await render(
      history({
        getRun: async () => {
          if (failures-- > 0) {
            throw new Error(
              "No sync run with id '41' on 'component:default/payments'",
            );
          }
          return { run: succeededRun, resources: succeededRunResources };
        },
      }),
    ).rendered;
    await expandRun('Applied 3 objects');
    const details = await screen.findByLabelText('details of run 41');
    const problem = await within(details).findByRole('alert');
    expect(problem).toHaveTextContent(
      'Error: Could not load the resources of run 41',
    );
    expect(problem).toHaveTextContent(
      "No sync run with id '41' on 'component:default/payments'",
    );
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(
      await within(details).findByRole('row', {
        name: /^Service payments-old /,
      }),
    ).toBeInTheDocument();
    expect(within(details).queryByRole('alert')).not.toBeInTheDocument();
  });
});
