import { Entity } from '@backstage/catalog-model';
import { GitopsApp, RolloutSummary } from '@slipway/plugin-gitops-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GitopsApi } from '../../api';
import { devApp, paymentsEntity, prodApp } from '../../testing/fixtures';
import { NO_RUN_YET } from './RolloutPanel';
import { liveRolloutApi, renderCanary } from './__testUtils__/renderCanary';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

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

// As GET …/apps/:cluster/rollouts answers them.
const validCanary: RolloutSummary = {
  name: 'payments-api',
  kind: 'Canary',
  strategy: 'canary',
  provider: 'istio',
  targetRef: { kind: 'Deployment', name: 'payments-api' },
  analysis: {
    interval: '1m0s',
    threshold: 5,
    maxWeight: 50,
    stepWeight: 25,
    weights: [25, 50],
    iterations: 0,
    metrics: ['request-success-rate', 'request-duration'],
  },
  errors: [],
  warnings: ['spec.canaryAnalysis: deprecated, use spec.analysis'],
};
const conflicting: RolloutSummary = {
  name: 'payments-api-v2',
  kind: 'Canary',
  errors: [
    'spec.analysis.interval: must be a Go duration such as 30s or 1m, got "soon"',
    "spec.targetRef: Deployment payments-api-v2 is not the entity's canary workload 'payments-api' (slipway.dev/canary)",
  ],
  warnings: [],
};
const noDocument: RolloutSummary = {
  name: 'payments-api',
  kind: '',
  errors: [
    "slipway.dev/canary: names 'payments-api', but the app renders no flagger.app/v1beta1 Canary or slipway.dev/v1alpha1 Rollout",
  ],
  warnings: [],
};

function render(target: Entity, api: Partial<GitopsApi> = {}) {
  return renderCanary(api, { entity: target }).rendered;
}

const card = async (cluster: string) =>
  within(
    (await screen.findByText(`Cluster ${cluster}`)).closest(
      '.MuiCard-root',
    ) as HTMLElement,
  );

describe('CanaryContent', () => {
  it('shows the missing-annotation state without Slipway annotations', async () => {
    await render(entity({}));
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
  });

  it('tells how to enable a canary when no workload is named', async () => {
    const listApps = jest.fn();
    await render(entity({ 'slipway.dev/repo': 'https://g/r.git' }), {
      listApps,
    });
    expect(screen.getByText('No progressive delivery')).toBeInTheDocument();
    expect(listApps).not.toHaveBeenCalled();
  });

  it('names the canary workload before any app is recorded', async () => {
    await render(withCanary, { listApps: async () => [] });
    expect(
      await screen.findByText('No rollout of payments-api yet'),
    ).toBeInTheDocument();
  });

  it('shows the parsed plan per cluster before the engine ran it, and every validation message', async () => {
    const listRollouts = jest.fn(async (_: unknown, cluster: string) =>
      cluster === 'dev' ? [validCanary] : [validCanary, conflicting],
    );
    await render(withCanary, {
      listApps: async () => [devApp, prodApp],
      listRollouts,
    });

    const dev = await card('dev');
    expect(await dev.findByText('Canary payments-api')).toBeInTheDocument();
    expect(dev.getByText('Canary (traffic weights)')).toBeInTheDocument();
    expect(dev.getByText('istio')).toBeInTheDocument();
    expect(dev.getByText('Deployment payments-api')).toBeInTheDocument();
    expect(
      dev.getByText(/every 1m0s, rollback after 5 failed checks/),
    ).toBeInTheDocument();
    expect(
      dev.getByText('request-success-rate, request-duration'),
    ).toBeInTheDocument();
    const steps = dev.getByLabelText('Canary weights');
    expect(
      within(steps)
        .getAllByText(/^(\d+%|Promote)$/)
        .map(s => s.textContent),
    ).toEqual(['25%', '50%', 'Promote']);
    expect(
      dev.getByText(/^Not started: the rollout engine has not initialised/),
    ).toBeInTheDocument();
    expect(
      dev.getByText(
        /^Not initialised yet: the rollout engine takes over payments-api/,
      ),
    ).toBeInTheDocument();
    expect(dev.getByText(NO_RUN_YET)).toBeInTheDocument();
    expect(
      dev.getByText('Warning: 1 warning in Canary payments-api'),
    ).toBeInTheDocument();
    expect(
      dev.getByText('spec.canaryAnalysis: deprecated, use spec.analysis'),
    ).toBeInTheDocument();
    expect(dev.queryByText(/validation error/)).not.toBeInTheDocument();

    const prod = await card('prod');
    expect(
      await prod.findByText(
        'Error: 2 validation errors in Canary payments-api-v2',
      ),
    ).toBeInTheDocument();
    for (const message of conflicting.errors)
      expect(prod.getByText(message)).toBeInTheDocument();
    expect(listRollouts).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'prod',
    );
  });

  it('reports a canary annotation without a rollout document', async () => {
    await render(withCanary, {
      listApps: async () => [devApp],
      listRollouts: async () => [noDocument],
    });
    const dev = await card('dev');
    expect(
      await dev.findByText('Error: 1 validation error in payments-api'),
    ).toBeInTheDocument();
    expect(dev.getByText(noDocument.errors[0])).toBeInTheDocument();
    expect(dev.queryByText('Strategy:')).not.toBeInTheDocument();
  });

  it('says when nothing was parsed yet', async () => {
    await render(withCanary, {
      listApps: async () => [devApp],
      listRollouts: async () => [],
    });
    const dev = await card('dev');
    expect(
      await dev.findByText(/No rollout documents recorded yet/),
    ).toBeInTheDocument();
  });

  it('shows why the apps could not be read, and reads them on Retry', async () => {
    const listApps = jest
      .fn<Promise<GitopsApp[]>, []>()
      .mockRejectedValueOnce(new Error('503 Service Unavailable'))
      .mockResolvedValue([devApp]);
    await render(withCanary, liveRolloutApi({ listApps }));
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent(
      "Error: Could not load this entity's apps",
    );
    expect(problem).toHaveTextContent('503 Service Unavailable');
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    const dev = await card('dev');
    expect(await dev.findByText('Canary payments-api')).toBeInTheDocument();
  });

  it("keeps a cluster's rollouts on screen when a refresh fails", async () => {
    // The third read hangs, holding the card in its "could not refresh"
    // state while it is checked.
    const listRollouts = jest
      .fn<Promise<RolloutSummary[]>, []>()
      .mockResolvedValueOnce([validCanary])
      .mockRejectedValueOnce(new Error('504 Gateway Timeout'))
      .mockReturnValue(new Promise<RolloutSummary[]>(() => {}));
    await renderCanary(
      liveRolloutApi({ listApps: async () => [devApp], listRollouts }),
      { entity: withCanary, pollIntervalMs: 50 },
    ).rendered;
    const dev = await card('dev');
    const warning = await dev.findByText(
      'Warning: Could not refresh the rollouts on dev',
    );
    expect(warning.closest('[role="alert"]')).toHaveTextContent(
      '504 Gateway Timeout',
    );
    expect(dev.getByText('Canary payments-api')).toBeInTheDocument();
    expect(dev.getByLabelText('Canary weights')).toBeInTheDocument();
  });
});
