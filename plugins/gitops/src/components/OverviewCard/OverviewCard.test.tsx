import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { RolloutSummary } from '@internal/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import {
  devApp,
  paymentsEntity,
  prodApp,
  progressingRollout,
  progressingStatus,
} from '../../testing/fixtures';
import { OverviewCard } from './OverviewCard';

const withCanary: Entity = {
  ...paymentsEntity,
  metadata: {
    ...paymentsEntity.metadata,
    annotations: {
      ...paymentsEntity.metadata.annotations,
      'slipway.dev/canary': 'payments-api',
    },
  },
};

function render(entity: Entity, api: Partial<GitopsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <OverviewCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

const failedRollout: RolloutSummary = {
  ...progressingRollout,
  status: { ...progressingStatus, phase: 'Failed', canaryWeight: 0 },
};

describe('OverviewCard', () => {
  it("shows each cluster's rollout phase and weight, linking to the Canary tab", async () => {
    await render(withCanary, {
      listApps: async () => [devApp, prodApp],
      listRollouts: async (_e, cluster) =>
        cluster === 'dev' ? [progressingRollout] : [failedRollout],
    });
    const [dev, prod] = await screen.findAllByLabelText('rollout payments-api');
    expect(within(dev).getByLabelText('phase Progressing')).toBeInTheDocument();
    expect(within(dev).getByText(/canary weight 20%/)).toBeInTheDocument();
    expect(
      within(dev).getByRole('link', { name: 'Canary payments-api' }),
    ).toHaveAttribute('href', '/canary');
    expect(within(prod).getByLabelText('phase Failed')).toBeInTheDocument();
    expect(within(prod).getByText(/canary weight 0%/)).toBeInTheDocument();
  });

  it('says when a rollout is invalid or not initialised yet', async () => {
    await render(withCanary, {
      listApps: async () => [devApp],
      listRollouts: async () => [
        { ...progressingRollout, status: undefined },
        {
          name: 'payments-api-v2',
          kind: 'Canary',
          errors: [
            'spec.analysis.interval: must be a Go duration such as 30s or 1m, got "soon"',
          ],
          warnings: [],
        },
      ],
    });
    expect(await screen.findByText('not initialised yet')).toBeInTheDocument();
    expect(screen.getByText('1 validation error')).toBeInTheDocument();
  });

  it('says why the rollout state is unavailable', async () => {
    await render(withCanary, {
      listApps: async () => [devApp],
      listRollouts: async () => {
        throw new Error("Permission 'gitops.app.read' denied");
      },
    });
    expect(
      await screen.findByText(
        "Rollout state unavailable: Permission 'gitops.app.read' denied",
      ),
    ).toBeInTheDocument();
  });

  it('asks for no rollout state without a canary workload', async () => {
    const listRollouts = jest.fn();
    await render(paymentsEntity, {
      listApps: async () => [devApp],
      listRollouts,
    });
    expect(await screen.findByText('dev')).toBeInTheDocument();
    expect(listRollouts).not.toHaveBeenCalled();
  });
});
