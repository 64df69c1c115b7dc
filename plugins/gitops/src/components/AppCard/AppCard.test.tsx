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
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import { devApp, paymentsEntity } from '../../testing/fixtures';
import { AppCard } from './AppCard';

const teamA: NonNullable<GitopsApp['project']> = {
  name: 'team-a',
  description: 'Payments and billing services',
  destinations: [
    { cluster: 'dev', namespaces: ['team-a', 'team-a-*'] },
    { cluster: '*', namespaces: ['shared'], serviceAccount: 'shared/deployer' },
    {
      cluster: 'prod',
      namespaces: ['team-a-prod'],
      serviceAccount: 'team-a/prod',
    },
  ],
};

const refusedApp: GitopsApp = {
  ...devApp,
  project: teamA,
  syncStatus: 'OutOfSync',
  lastRunResult: 'Failed',
  message:
    "ClusterRoleBinding takeover: refused by clusterResourceAllowList: cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'; " +
    "Deployment team-b/api: refused by destinations: namespace 'team-b' on cluster 'dev' is not a destination of project 'team-a'",
};

/** Renders one card as the GitOps tab does, with the backend answering `app` live. */
async function renderCard(app: GitopsApp) {
  const getApp = jest.fn<ReturnType<GitopsApi['getApp']>, []>(async () => ({
    app,
    resources: [],
  }));
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, { getApp }],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
        [alertApiRef, { post: jest.fn(), alert$: jest.fn() }],
      ]}
    >
      <EntityProvider entity={paymentsEntity}>
        <AppCard app={app} pollIntervalMs={600_000} />
      </EntityProvider>
    </TestApiProvider>,
  );
  // The live details replace the listed app; wait for them so every
  // assertion sees the settled card.
  // setupTests gives every wait 20 s: rendering a card on a busy machine
  // can take seconds.
  await waitFor(() => expect(getApp).toHaveBeenCalled());
  await waitFor(() =>
    expect(screen.queryByText('Loading resources…')).not.toBeInTheDocument(),
  );
  return screen
    .getByText(`Cluster ${app.cluster}`)
    .closest('.MuiCard-root') as HTMLElement;
}

describe('AppCard', () => {
  it("shows the project, its description and only the destinations on the card's cluster", async () => {
    const card = await renderCard({ ...devApp, project: teamA });
    const name = within(card).getByText('team-a');
    expect(
      within(card).getByText('Project', { exact: false }),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(
        'Namespaces team-a, team-a-* · writes as Slipway (no ServiceAccount)',
      ),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('Namespaces shared · writes as shared/deployer'),
    ).toBeInTheDocument();
    // prod's destination is not this card's business.
    expect(within(card).queryByText(/team-a-prod/)).not.toBeInTheDocument();

    await userEvent.hover(name);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Payments and billing services',
    );
  });

  it('warns when the project has no destination on this cluster', async () => {
    const card = await renderCard({
      ...devApp,
      cluster: 'edge',
      project: { ...teamA, destinations: [teamA.destinations[2]] },
    });
    expect(
      within(card).getByText(
        'No destination on cluster edge: the project refuses every object here',
      ),
    ).toBeInTheDocument();
  });

  it('lists a refused sync as one row per object with the rule that refused it', async () => {
    const card = await renderCard(refusedApp);
    const list = within(card).getByRole('list', { name: 'refused objects' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByText('ClusterRoleBinding takeover'),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('clusterResourceAllowList'),
    ).toBeInTheDocument();
    expect(
      within(rows[0]).getByText(
        "cluster-scoped rbac.authorization.k8s.io/ClusterRoleBinding is not in the clusterResourceAllowList of project 'team-a'",
      ),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByText('Deployment team-b/api'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('destinations')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(
        "namespace 'team-b' on cluster 'dev' is not a destination of project 'team-a'",
      ),
    ).toBeInTheDocument();
    // The long line is gone.
    expect(
      within(card).queryByText(refusedApp.message!),
    ).not.toBeInTheDocument();
  });

  it('lists an ownership conflict with the app that owns each object', async () => {
    const card = await renderCard({
      ...devApp,
      project: teamA,
      message:
        "Ownership conflict, nothing applied: Deployment team-b/api is owned by app 'component:default/other@dev'",
    });
    expect(
      within(card).getByText('Ownership conflict, nothing applied'),
    ).toBeInTheDocument();
    const [row] = within(
      within(card).getByRole('list', { name: 'refused objects' }),
    ).getAllByRole('listitem');
    expect(within(row).getByText('ownership')).toBeInTheDocument();
    expect(within(row).getByText('Deployment team-b/api')).toBeInTheDocument();
    expect(
      within(row).getByText("owned by app 'component:default/other@dev'"),
    ).toBeInTheDocument();
  });

  it('shows a plain message as the text it is', async () => {
    const card = await renderCard({ ...devApp, project: teamA });
    expect(
      within(card).getByText('Deployment payments: 0 of 3 replicas available'),
    ).toBeInTheDocument();
    expect(
      within(card).queryByRole('list', { name: 'refused objects' }),
    ).not.toBeInTheDocument();
  });

  it('shows nothing about projects for an app without one', async () => {
    const card = await renderCard(devApp);
    expect(within(card).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(card).queryByText(/^Project/)).not.toBeInTheDocument();
    expect(within(card).queryByText(/^Namespaces /)).not.toBeInTheDocument();
    expect(within(card).queryByText(/No destination/)).not.toBeInTheDocument();
  });
});
