import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitopsApi, GitopsClient, gitopsApiRef } from './api';
import gitopsPlugin, {
  canaryEntityContent,
  gitopsApi,
  gitopsEntityContent,
  gitopsFleetPage,
  gitopsHistoryEntityContent,
  gitopsOverviewEntityCard,
} from './alpha';
import {
  currentRolloutRun,
  currentRunChecks,
  currentRunEvents,
  devApp,
  devResources,
  failedRolloutRun,
  failedRun,
  failedRunDetails,
  paymentsEntity,
  prodApp,
  progressingRollout,
} from './testing/fixtures';

// The new frontend system builds a whole app: routes, the catalog's entity
// page, lazy extensions. On a busy 2-core machine that takes seconds.
const LONG = { timeout: 20_000 };

const payments: Entity = {
  ...paymentsEntity,
  metadata: {
    ...paymentsEntity.metadata,
    annotations: {
      ...paymentsEntity.metadata.annotations,
      'slipway.dev/canary': 'payments-api',
    },
  },
};

/** A service that did not opt in to Slipway. */
const legacy: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy', namespace: 'default', annotations: {} },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

/** The backend as it answers for payments: dev out of sync with a canary at 20 %, prod synced. */
const fakeGitops = (): Partial<GitopsApi> => ({
  listApps: jest.fn(async () => [devApp, prodApp]),
  getApp: async (_entity, cluster) => ({
    app: cluster === 'dev' ? devApp : prodApp,
    resources: cluster === 'dev' ? devResources : [],
  }),
  listHistory: async () => ({ items: [failedRun], totalCount: 1 }),
  listAudit: async () => ({ items: [], totalCount: 0 }),
  listRollouts: async (_entity, cluster) =>
    cluster === 'dev' ? [progressingRollout] : [],
  listRolloutRuns: async (_entity, cluster) =>
    cluster === 'dev'
      ? { items: [currentRolloutRun, failedRolloutRun], totalCount: 2 }
      : { items: [], totalCount: 0 },
  getRolloutRun: async (_entity, _cluster, _rollout, runId) =>
    runId === currentRolloutRun.id
      ? {
          run: currentRolloutRun,
          checks: currentRunChecks,
          events: currentRunEvents,
        }
      : failedRunDetails,
  listRolloutEvents: async () => currentRunEvents,
  listFleetApps: async () => [devApp, prodApp],
});

/**
 * Slipway with its card wrapped in a marker that the overview draws as soon
 * as it places the card, before the card's own code has loaded: whether the
 * overview kept the card is then known once the overview has drawn.
 */
const gitopsPluginWithCardMarker = gitopsPlugin.withOverrides({
  extensions: [
    gitopsPlugin.getExtension('entity-card:gitops/overview').override({
      *factory(originalFactory) {
        for (const output of originalFactory()) {
          if (output.id === coreExtensionData.reactElement.id) {
            yield coreExtensionData.reactElement(
              <div data-testid="gitops-card-slot">{output.value}</div>,
            );
          } else {
            yield output;
          }
        }
      },
    }),
  ],
});

/** An app on the new frontend system with the catalog and Slipway, opened at `path`. */
function renderApp(
  path: string,
  gitops: Partial<GitopsApi> = fakeGitops(),
  plugin: typeof gitopsPlugin = gitopsPlugin,
) {
  return renderTestApp({
    features: [catalogPlugin, plugin],
    initialRouteEntries: [path],
    apis: [
      catalogApiMock({ entities: [payments, legacy] }),
      mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      [gitopsApiRef, gitops],
    ],
  });
}

/** The entity page's tabs: a list of links, the first of them Overview. */
const tabs = async () =>
  within(
    (await screen.findByRole('link', { name: 'Overview' }, LONG)).closest(
      'ul',
    ) as HTMLElement,
  );

describe('gitopsPlugin (new frontend system)', () => {
  it('has the extensions an app on the new system expects, under stable ids', () => {
    // An app's config names extensions by these ids (to disable or configure
    // them), so they are part of the package's interface.
    const installed = {
      'api:gitops': gitopsApi,
      'entity-content:gitops/gitops': gitopsEntityContent,
      'entity-content:gitops/history': gitopsHistoryEntityContent,
      'entity-content:gitops/canary': canaryEntityContent,
      'entity-card:gitops/overview': gitopsOverviewEntityCard,
      'page:gitops/fleet': gitopsFleetPage,
    } as const;
    for (const [id, extension] of Object.entries(installed)) {
      const { kind, name } = extension as { kind?: string; name?: string };
      // getExtension throws on an id the plugin does not have.
      expect(
        gitopsPlugin.getExtension(id as keyof typeof installed),
      ).toMatchObject({ namespace: 'gitops', kind, name });
    }
    expect(gitopsPlugin.routes).toEqual({
      root: expect.anything(),
      fleet: expect.anything(),
    });
  });

  it("builds the client with the legacy plugin's dependencies", () => {
    const factory = createExtensionTester(gitopsApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(gitopsApiRef);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    const client = factory.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(GitopsClient);
  });

  it('gives the tabs the paths and titles of the legacy EntityPage', () => {
    const tabOf = [
      [gitopsEntityContent, '/gitops', 'GitOps'],
      [gitopsHistoryEntityContent, '/history', 'History'],
      [canaryEntityContent, '/canary', 'Canary'],
    ] as const;
    for (const [extension, path, title] of tabOf) {
      const tester = createExtensionTester(
        extension as typeof gitopsEntityContent,
      );
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
    }
  });

  it('offers the tabs and the card only to entities with the Slipway annotations', () => {
    for (const extension of [
      gitopsEntityContent,
      gitopsHistoryEntityContent,
      canaryEntityContent,
      gitopsOverviewEntityCard,
    ]) {
      const filter = createExtensionTester(
        extension as typeof gitopsEntityContent,
      ).get(EntityContentBlueprint.dataRefs.filterFunction)!;
      expect(filter(payments)).toBe(true);
      expect(filter(legacy)).toBe(false);
    }
  });

  it('shows the overview card on the entity page', async () => {
    renderApp(
      '/catalog/default/component/payments',
      fakeGitops(),
      gitopsPluginWithCardMarker,
    );
    const [dev] = await screen.findAllByLabelText(
      'rollout payments-api',
      {},
      LONG,
    );
    expect(
      within(screen.getByTestId('gitops-card-slot')).getByText('Delivery'),
    ).toBeInTheDocument();
    expect(within(dev).getByLabelText('phase Progressing')).toBeInTheDocument();
    expect(within(dev).getByText(/canary weight 20%/)).toBeInTheDocument();
    // Its link leads to the Canary tab of this entity.
    expect(
      within(dev).getByRole('link', { name: 'Canary payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/canary');
  });

  it('shows the GitOps, History and Canary tabs with their content', async () => {
    renderApp('/catalog/default/component/payments/gitops');
    const bar = await tabs();
    const base = '/catalog/default/component/payments';
    expect(
      bar
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Overview', base],
      ['GitOps', `${base}/gitops`],
      ['History', `${base}/history`],
      ['Canary', `${base}/canary`],
    ]);

    // GitOps: each cluster's sync state and the resource tree.
    const dev = (await screen.findByText('Cluster dev', {}, LONG)).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(
      within(dev).getByText('Deployment payments: 0 of 3 replicas available'),
    ).toBeInTheDocument();
    const pod = await within(dev).findByRole(
      'row',
      { name: 'Pod payments-7d9f8-x2k4q' },
      LONG,
    );
    expect(within(pod).getByText(/Back-off pulling image/)).toBeInTheDocument();
    expect(
      await screen.findByText('Cluster prod', {}, LONG),
    ).toBeInTheDocument();

    // History: the sync runs of the cluster.
    await userEvent.click(bar.getByRole('link', { name: 'History' }));
    expect(
      await screen.findByText('Sync runs on dev', {}, LONG),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(failedRun.message!, {}, LONG),
    ).toBeInTheDocument();

    // Canary: the rollout advancing on dev.
    await userEvent.click(bar.getByRole('link', { name: 'Canary' }));
    const canary = within(
      (await screen.findByText('Cluster dev', {}, LONG)).closest(
        '.MuiCard-root',
      ) as HTMLElement,
    );
    expect(
      await canary.findByLabelText('phase Progressing', {}, LONG),
    ).toHaveTextContent('Progressing');
    expect(canary.getByText('Canary (traffic weights)')).toBeInTheDocument();
  });

  it('hides the tabs and the card on an entity without the Slipway annotations', async () => {
    const gitops = fakeGitops();
    renderApp(
      '/catalog/default/component/legacy',
      gitops,
      gitopsPluginWithCardMarker,
    );
    const bar = await tabs();
    expect(
      await screen.findByRole('heading', { name: 'legacy' }, LONG),
    ).toBeInTheDocument();
    // Only the catalog's own tab is left.
    expect(bar.getAllByRole('link').map(link => link.textContent)).toEqual([
      'Overview',
    ]);
    // The overview has drawn its cards (the catalog's About card among them),
    // and left Slipway's out.
    expect(await screen.findByText('About', {}, LONG)).toBeInTheDocument();
    expect(screen.queryByTestId('gitops-card-slot')).not.toBeInTheDocument();
    expect(screen.queryByText('Missing Annotation')).not.toBeInTheDocument();
    expect(screen.queryByText('Delivery')).not.toBeInTheDocument();
    expect(gitops.listApps).not.toHaveBeenCalled();
  });

  it('mounts the fleet page at /gitops', async () => {
    renderApp('/gitops');
    expect(
      await screen.findByRole('heading', { name: 'GitOps fleet' }, LONG),
    ).toBeInTheDocument();
    // The page draws its own header; the app adds none above it.
    expect(
      screen.getAllByRole('heading', { level: 1 }).map(h => h.textContent),
    ).toEqual(['GitOps fleet']);
    expect(await screen.findByText('2 apps', {}, LONG)).toBeInTheDocument();
    // Entity links resolve through the catalog plugin of the same app.
    const links = await screen.findAllByRole(
      'link',
      { name: 'payments' },
      LONG,
    );
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/payments',
    );
  });
});
