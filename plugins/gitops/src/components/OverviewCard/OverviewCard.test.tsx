import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitopsApp, RolloutSummary } from '@slipway/plugin-gitops-common';
import { GitopsApi, gitopsApiRef } from '../../api';
import {
  devApp,
  paymentsEntity,
  prodApp,
  progressingRollout,
  progressingStatus,
} from '../../testing/fixtures';
import {
  argoDegradedRollout,
  argoPausedRollout,
} from '../ArgoRollout/__testUtils__/argoFixtures';
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

function render(
  entity: Entity,
  api: Partial<GitopsApi>,
  pollIntervalMs?: number,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[gitopsApiRef, api]]}>
      <EntityProvider entity={entity}>
        <OverviewCard pollIntervalMs={pollIntervalMs} />
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

  it("shows an Argo Rollout's phase and step as Argo words them", async () => {
    await render(withCanary, {
      listApps: async () => [devApp, prodApp],
      listRollouts: async (_e, cluster) =>
        cluster === 'dev' ? [argoPausedRollout] : [argoDegradedRollout],
    });
    const [dev, prod] = await screen.findAllByLabelText(
      'rollout payments-api',
      {},
      { timeout: 20_000 },
    );
    expect(within(dev).getByLabelText('phase Paused')).toHaveTextContent(
      '॥ Paused',
    );
    expect(
      within(dev).getByText(/step 1\/8, canary weight 20%/),
    ).toBeInTheDocument();
    expect(
      within(dev).getByRole('link', { name: 'Rollout payments-api' }),
    ).toHaveAttribute('href', '/canary');
    expect(within(prod).getByLabelText('phase Degraded')).toHaveTextContent(
      '✖ Degraded',
    );
    expect(
      within(prod).getByText(/step 0\/6, canary weight 0%/),
    ).toBeInTheDocument();
    // Not Flagger's phase chip.
    expect(within(dev).queryByLabelText('phase WaitingPromotion')).toBeNull();
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

  it('says why the rollout state is unavailable, with Retry', async () => {
    const listRollouts = jest
      .fn<ReturnType<GitopsApi['listRollouts']>, []>()
      .mockRejectedValueOnce(new Error("Permission 'gitops.app.read' denied"))
      .mockResolvedValue([progressingRollout]);
    await render(withCanary, { listApps: async () => [devApp], listRollouts });
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent(
      'Error: Could not load the rollouts on dev',
    );
    expect(problem).toHaveTextContent("Permission 'gitops.app.read' denied");
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(
      await screen.findByLabelText('phase Progressing'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("keeps each cluster's last state when a refresh fails", async () => {
    // The second read hangs until the test lets it fail, so the card stays
    // in its "could not refresh" state while it is checked.
    let failSecond: (e: Error) => void = () => {};
    const second = new Promise<GitopsApp[]>((_resolve, reject) => {
      failSecond = reject;
    });
    // Under load the card may not have asked for it before the test ends:
    // mark the rejection handled so it is not blamed on the next test.
    second.catch(() => undefined);
    const listApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockResolvedValueOnce([devApp, prodApp])
      .mockRejectedValueOnce(new Error('503 Service Unavailable'))
      .mockReturnValueOnce(second)
      .mockRejectedValue(new Error('503 Service Unavailable'));
    await render(paymentsEntity, { listApps }, 50);
    const warning = await screen.findByText(
      'Warning: Could not refresh the delivery state',
    );
    expect(warning.closest('[role="alert"]')).toHaveTextContent(
      '503 Service Unavailable',
    );
    expect(screen.getByText('dev')).toBeInTheDocument();
    expect(screen.getByText('prod')).toBeInTheDocument();
    expect(screen.getByText('Degraded')).toBeInTheDocument();
    failSecond(new Error('503 Service Unavailable'));
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
