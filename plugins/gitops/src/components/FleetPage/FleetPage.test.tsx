import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import { devApp, prodApp } from '../../testing/fixtures';
import { FleetPage } from './FleetPage';

const checkoutDev: GitopsApp = {
  key: 'component:default/checkout@dev',
  entityRef: 'component:default/checkout',
  cluster: 'dev',
  syncStatus: 'Synced',
  healthStatus: 'Progressing',
  revision: 'aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00',
  syncPolicy: 'manual',
  lastRunResult: 'Succeeded',
  updatedAt: '2026-11-23T10:01:00.000Z',
};

const ledgerProd: GitopsApp = {
  key: 'component:finance/ledger@prod',
  entityRef: 'component:finance/ledger',
  cluster: 'prod',
  syncStatus: 'OutOfSync',
  healthStatus: 'Healthy',
  message: 'ConfigMap ledger-config differs',
  updatedAt: '2026-11-23T10:02:00.000Z',
};

const entities: Record<string, Entity> = {
  'component:default/payments': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'team-a' },
  },
  'component:default/checkout': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'group:default/team-b' },
  },
  'component:finance/ledger': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger', namespace: 'finance' },
    spec: { owner: 'accounting' },
  },
};

function render(gitopsApi: Partial<GitopsApi>, pollIntervalMs?: number) {
  const getEntitiesByRefs = jest.fn(
    async ({ entityRefs }: { entityRefs: string[] }) => ({
      items: entityRefs.map(ref => entities[ref]),
    }),
  );
  const rendered = renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, gitopsApi],
        [catalogApiRef, { getEntitiesByRefs }],
      ]}
    >
      <FleetPage pollIntervalMs={pollIntervalMs} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return { rendered, getEntitiesByRefs };
}

const allApps = [devApp, prodApp, checkoutDev, ledgerProd];
const fleet = () => ({ listFleetApps: async () => allApps });

// Entity, Owner, Cluster, Sync, Health, Revision, Auto-sync, …
const AUTO_SYNC_COLUMN = 6;

/** The entity names of the table's body rows, in order. */
const listedEntities = () =>
  screen
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('link')[0]?.textContent)
    .filter(Boolean);

describe('FleetPage', () => {
  it('lists every app with its entity, owner, cluster and state', async () => {
    const { rendered, getEntitiesByRefs } = render(fleet());
    await rendered;
    expect(await screen.findByText('4 apps')).toBeInTheDocument();
    // One catalog lookup for the distinct entities, asking only for what the page shows.
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'component:default/payments',
      'component:default/checkout',
      'component:finance/ledger',
    ]);
    const ledger = screen
      .getByText('ConfigMap ledger-config differs')
      .closest('tr') as HTMLElement;
    expect(
      within(ledger).getByRole('link', { name: 'finance/ledger' }),
    ).toBeInTheDocument();
    // A bare owner resolves to a group in the entity's own namespace.
    expect(
      within(ledger).getByRole('link', { name: 'finance/accounting' }),
    ).toBeInTheDocument();
    expect(within(ledger).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(ledger).getByText('never')).toBeInTheDocument();
    const pinned = screen
      .getByText('paused (pinned at 3f2c1e9a7b5d)')
      .closest('tr') as HTMLElement;
    expect(
      within(pinned).getByRole('link', { name: 'payments' }),
    ).toBeInTheDocument();
    expect(
      within(pinned).getByRole('link', { name: 'team-a' }),
    ).toBeInTheDocument();
  });

  it("reads Auto-sync from each app's sync policy", async () => {
    await render(fleet()).rendered;
    await screen.findByText('4 apps');
    const autoSyncOf = (entity: string, cluster: string) => {
      const rows = screen
        .getAllByRole('row')
        .filter(
          row =>
            within(row).queryByRole('link', { name: entity }) &&
            within(row).queryByRole('cell', { name: cluster }),
        );
      expect(rows).toHaveLength(1);
      return within(rows[0]).getAllByRole('cell')[AUTO_SYNC_COLUMN].textContent;
    };
    // checkout is on the manual policy: nothing syncs it on its own.
    expect(autoSyncOf('checkout', 'dev')).toBe('off (manual sync policy)');
    expect(autoSyncOf('payments', 'prod')).toBe('on');
    expect(autoSyncOf('payments', 'dev')).toBe(
      'paused (pinned at 3f2c1e9a7b5d)',
    );
    // The backend names no policy for an app it has no valid spec of.
    expect(autoSyncOf('finance/ledger', 'prod')).toBe('unknown');
  });

  it('counts apps per state and filters on a clicked count', async () => {
    await render(fleet()).rendered;
    const counts = await screen.findByLabelText('counts per state');
    expect(within(counts).getByText('OutOfSync: 2')).toBeInTheDocument();
    expect(within(counts).getByText('Synced: 2')).toBeInTheDocument();
    expect(within(counts).getByText('Healthy: 2')).toBeInTheDocument();
    expect(within(counts).getByText('Degraded: 1')).toBeInTheDocument();
    expect(within(counts).getByText('Progressing: 1')).toBeInTheDocument();

    await userEvent.click(within(counts).getByText('OutOfSync: 2'));
    expect(screen.getByText('2 of 4 apps')).toBeInTheDocument();
    expect(listedEntities()).toEqual(['payments', 'finance/ledger']);
    await userEvent.click(within(counts).getByText('OutOfSync: 2'));
    expect(screen.getByText('4 apps')).toBeInTheDocument();
  });

  it('combines the cluster, owner and health filters, each option with its count', async () => {
    await render(fleet()).rendered;
    const cluster = await screen.findByLabelText('Cluster');
    expect(
      within(cluster).getByRole('option', { name: 'dev (2)' }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(cluster, 'dev');
    expect(listedEntities()).toEqual(['payments', 'checkout']);

    const owner = screen.getByLabelText('Owner');
    expect(
      within(owner).getByRole('option', { name: 'team-b (1)' }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(owner, 'group:default/team-b');
    expect(listedEntities()).toEqual(['checkout']);

    await userEvent.selectOptions(screen.getByLabelText('Health'), 'Degraded');
    expect(screen.getByText('0 of 4 apps')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Owner'), '');
    expect(listedEntities()).toEqual(['payments']);
  });

  it('explains an empty fleet without asking the catalog', async () => {
    const { rendered, getEntitiesByRefs } = render({
      listFleetApps: async () => [],
    });
    await rendered;
    expect(await screen.findByText('No apps yet')).toBeInTheDocument();
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });

  it('shows why the fleet could not be read, and reads it on Retry', async () => {
    const listFleetApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockRejectedValueOnce(new Error('The sync engine is not running'))
      .mockResolvedValue(allApps);
    await render({ listFleetApps }).rendered;
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent('Error: Could not load the fleet');
    expect(problem).toHaveTextContent('The sync engine is not running');
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(await screen.findByText('4 apps')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the fleet on screen when a refresh fails, until Retry reads it again', async () => {
    const badGateway = new Error('502 Bad Gateway');
    // The third read hangs until the test lets it fail, holding the page in
    // its "could not refresh" state for as long as the assertions take.
    let failThird: (e: Error) => void = () => {};
    const third = new Promise<GitopsApp[]>((_resolve, reject) => {
      failThird = reject;
    });
    const listFleetApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockResolvedValueOnce(allApps)
      .mockRejectedValueOnce(badGateway)
      .mockReturnValueOnce(third)
      .mockRejectedValue(badGateway);
    await render({ listFleetApps }, 50).rendered;

    const warning = await screen.findByText(
      'Warning: Could not refresh the fleet',
    );
    const banner = warning.closest('[role="alert"]') as HTMLElement;
    expect(banner).toHaveTextContent('502 Bad Gateway');
    expect(banner).toHaveTextContent(/Showing what was read at /);
    expect(screen.getByText('4 apps')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'finance/ledger' }),
    ).toBeInTheDocument();

    // Repeated failures stop polling; the fleet stays.
    failThird(badGateway);
    expect(
      await screen.findByText(
        'Error: Live updates of the fleet stopped after repeated errors',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('4 apps')).toBeInTheDocument();
    const calls = listFleetApps.mock.calls.length;

    listFleetApps.mockResolvedValue(allApps.slice(0, 3));
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('3 apps')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(listFleetApps.mock.calls.length).toBeGreaterThan(calls);
  });
});
