import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  RolloutRun,
  RolloutStatus,
  RolloutSummary,
} from '@slipway/plugin-gitops-common';
import {
  argoBlueGreenRollout,
  argoDegradedRollout,
  argoDegradedStatus,
  argoPausedRollout,
  argoPausedStatus,
} from '../ArgoRollout/__testUtils__/argoFixtures';
import { GitopsApi } from '../../api';
import {
  canaryEntity,
  clusterCard,
  liveRolloutApi,
  renderCanary,
} from './__testUtils__/renderCanary';

// Rendering a tab takes seconds on a busy machine: every wait says how long it may take.
const WAIT = { timeout: 20_000 };

const argoRun = (status: RolloutStatus): RolloutRun => ({
  id: status.runId!,
  appKey: 'component:default/payments@dev',
  rollout: 'payments-api',
  revision: 'bbb',
  strategy: 'canary',
  result: status.argo?.aborted ? 'Failed' : 'Running',
  startedAt: status.lastTransitionAt,
});

/** The backend answering for one Argo Rollout on dev. */
const argoApi = (
  rollout: RolloutSummary,
  overrides: Partial<GitopsApi> = {},
): Partial<GitopsApi> =>
  liveRolloutApi({
    listRollouts: async () => [rollout],
    getRolloutRun: async () => ({
      run: argoRun(rollout.status!),
      checks: [],
      events: [],
    }),
    listRolloutEvents: async () => [],
    listRolloutRuns: async () => ({
      items: rollout.status ? [argoRun(rollout.status)] : [],
      totalCount: rollout.status ? 1 : 0,
    }),
    ...overrides,
  });

const controls = async () => {
  const dev = await clusterCard('dev');
  return within(await dev.findByLabelText('Rollout controls', {}, WAIT));
};

/** The tooltip that explains why a disabled control is not offered. */
const whyDisabled = async (name: string) => {
  const button = (await controls()).getByRole('button', { name });
  expect(button).toBeDisabled();
  await userEvent.hover(button.parentElement!);
  const tooltip = await screen.findByRole('tooltip', {}, WAIT);
  const text = tooltip.textContent;
  await userEvent.unhover(button.parentElement!);
  return text;
};

describe('Canary tab with an Argo Rollout', () => {
  it('shows a paused basic canary as kubectl argo rollouts get does', async () => {
    await renderCanary(argoApi(argoPausedRollout)).rendered;
    const dev = await clusterCard('dev');
    const state = within(
      await dev.findByLabelText('Argo Rollout state', {}, WAIT),
    );

    expect(state.getByLabelText('phase Paused')).toHaveTextContent('॥ Paused');
    expect(state.getByText('— CanaryPauseStep')).toBeInTheDocument();
    expect(state.getByText(/^Paused \(CanaryPauseStep\) since/)).toBeVisible();
    expect(state.getByText('Step:').parentElement).toHaveTextContent(
      'Step: 1/8 (now: pause)',
    );
    expect(state.getByText('Revision:').parentElement).toHaveTextContent(
      'Revision: 2',
    );
    expect(state.getByText('Stable').closest('p')).toHaveTextContent(
      'Stable aaa · Canary bbb',
    );
    expect(state.getByText('Replicas:').parentElement).toHaveTextContent(
      'Replicas: 5 desired · 5 current · 1 updated · 5 ready · 5 available',
    );
    expect(state.getByText('Weights:').parentElement).toHaveTextContent(
      'Weights: canary 20% set, by replica counts (no traffic routing)',
    );
    // Flagger's words do not apply to an Argo Rollout.
    expect(dev.queryByText(/Failed checks/)).not.toBeInTheDocument();
    expect(dev.queryByText(/Promoted (True|False|Unknown)/)).toBeNull();
    expect(dev.queryByText('Webhook results')).not.toBeInTheDocument();

    // The plan: Argo's steps, numbered, the current one highlighted.
    expect(dev.getByText('Rollout payments-api')).toBeInTheDocument();
    expect(
      dev.getByText('Canary (basic: weights by replica counts)'),
    ).toBeInTheDocument();
    expect(
      dev.getByText('none: the weight is the share of pods'),
    ).toBeInTheDocument();
    const steps = within(dev.getByLabelText('Steps'));
    const items = steps.getAllByRole('listitem');
    expect(items.map(li => li.textContent)).toEqual([
      'setWeight 20 ✔',
      'pause ← current',
      'setWeight 40',
      'pause 10s',
      'setWeight 60',
      'pause 10s',
      'setWeight 80',
      'pause 10s',
    ]);
    expect(items[1]).toHaveAttribute('aria-current', 'step');

    // The stepper draws the same steps, at Argo's current one.
    const stepper = within(dev.getByLabelText('Canary steps'));
    expect(stepper.getAllByText('Pause 10s')).toHaveLength(3);
    expect(stepper.getByText('20%')).toBeInTheDocument();
    expect(stepper.getByText('80%')).toBeInTheDocument();
    expect(
      dev.getByText('1 of 8 steps done; now pause, canary weight 20%.'),
    ).toBeInTheDocument();
    // No AnalysisRun yet: no table.
    expect(dev.queryByLabelText('Analysis runs')).not.toBeInTheDocument();
  });

  it("offers Argo's actions on a paused canary and aborts in Argo's words", async () => {
    const controlRollout = jest.fn(async () => argoDegradedStatus);
    const { rendered, alertApi } = renderCanary(
      argoApi(argoPausedRollout, { controlRollout }),
      { entity: canaryEntity('payments-argo-paused') },
    );
    await rendered;
    const buttons = await controls();
    await waitFor(
      () =>
        expect(buttons.getByRole('button', { name: 'Abort' })).toBeEnabled(),
      WAIT,
    );
    for (const name of ['Promote', 'Promote fully', 'Pause'])
      expect(buttons.getByRole('button', { name })).toBeEnabled();
    expect(await whyDisabled('Retry')).toBe(
      'Only an aborted rollout can be retried',
    );
    expect(await whyDisabled('Resume')).toBe(
      'Only a rollout a user paused can be resumed; it waits for CanaryPauseStep: Promote moves it on',
    );

    await userEvent.click(buttons.getByRole('button', { name: 'Abort' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Aborts the update of payments-api on dev: scales the canary ReplicaSet down and sends all traffic back to the stable ReplicaSet; the rollout becomes Degraded until retried or updated.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort' }),
    );
    await waitFor(
      () =>
        expect(alertApi.post).toHaveBeenCalledWith(
          expect.objectContaining({
            message: `Abort requested for payments-api on dev; it is Degraded: ${
              argoDegradedStatus.argo!.message
            }`,
            severity: 'success',
          }),
        ),
      WAIT,
    );
    expect(controlRollout).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-argo-paused' },
      'dev',
      'payments-api',
      'abort',
    );
  });

  it('shows an aborted canary Degraded, with its AnalysisRuns, and offers Retry', async () => {
    const controlRollout = jest.fn(async () => argoPausedStatus);
    await renderCanary(argoApi(argoDegradedRollout, { controlRollout }), {
      entity: canaryEntity('payments-argo-degraded'),
    }).rendered;
    const dev = await clusterCard('dev');
    const state = within(
      await dev.findByLabelText('Argo Rollout state', {}, WAIT),
    );
    expect(state.getByLabelText('phase Degraded')).toHaveTextContent(
      '✖ Degraded',
    );
    expect(
      state.getByText(
        /^— RolloutAborted: Rollout aborted update to revision 2: Metric "success-rate" assessed Failed/,
      ),
    ).toBeInTheDocument();
    expect(state.getByText('Weights:').parentElement).toHaveTextContent(
      'Weights: canary 0% · stable 100% (verified)',
    );
    expect(
      dev.getByText(
        'Aborted: all traffic is back on the stable ReplicaSet; Retry starts again from the first step.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dev.getByLabelText('Steps')).queryByText(/current/),
    ).toBeNull();

    // The AnalysisRuns, newest first, each followed by its metrics.
    const runs = within(dev.getByLabelText('Analysis runs'));
    expect(
      runs
        .getAllByRole('row')
        .slice(1)
        .map(row => row.getAttribute('aria-label')),
    ).toEqual([
      'AnalysisRun payments-api-bbb-2-3',
      'metric success-rate of payments-api-bbb-2-3',
      'AnalysisRun payments-api-bbb-2',
      'metric latency-p99 of payments-api-bbb-2',
      'metric error-budget of payments-api-bbb-2',
    ]);
    const stepRun = within(
      runs.getByLabelText('AnalysisRun payments-api-bbb-2-3'),
    );
    expect(stepRun.getByText('Step')).toBeInTheDocument();
    expect(stepRun.getByLabelText('analysis phase Failed')).toHaveTextContent(
      '✖ Failed',
    );
    expect(
      stepRun.getByText(
        'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)',
      ),
    ).toBeInTheDocument();
    const successRate = within(
      runs.getByLabelText('metric success-rate of payments-api-bbb-2-3'),
    );
    expect(
      successRate.getByLabelText(
        '1 successful, 3 failed, 0 error, 0 inconclusive',
      ),
    ).toHaveTextContent('✔ 1 ✖ 3 ⚠ 0 ? 0');
    expect(successRate.getByText('[0.82]')).toBeInTheDocument();
    expect(
      successRate.getByTitle('2026-11-23T11:06:00.000Z'),
    ).toHaveTextContent(/11:06/);
    const background = within(
      runs.getByLabelText('AnalysisRun payments-api-bbb-2'),
    );
    expect(background.getByText('Background')).toBeInTheDocument();
    expect(background.getByText('✔ Successful')).toBeInTheDocument();
    expect(background.getByText('Run Terminated')).toBeInTheDocument();
    const budget = within(
      runs.getByLabelText('metric error-budget of payments-api-bbb-2'),
    );
    expect(budget.getByText('error-budget (dry run)')).toBeInTheDocument();
    expect(budget.getByText('⚠ Error')).toBeInTheDocument();
    expect(
      budget.getByText(/dial tcp: connection refused/),
    ).toBeInTheDocument();

    // Only an aborted rollout can be retried; it cannot be aborted again.
    const buttons = await controls();
    await waitFor(
      () =>
        expect(buttons.getByRole('button', { name: 'Retry' })).toBeEnabled(),
      WAIT,
    );
    expect(buttons.getByRole('button', { name: 'Promote' })).toBeEnabled();
    expect(await whyDisabled('Abort')).toBe('It is already aborted');
    await userEvent.click(buttons.getByRole('button', { name: 'Retry' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Clears the abort of payments-api on dev, as kubectl argo rollouts retry rollout does',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Retry' }),
    );
    await waitFor(
      () =>
        expect(controlRollout).toHaveBeenCalledWith(
          expect.objectContaining({ name: 'payments-argo-degraded' }),
          'dev',
          'payments-api',
          'retry',
        ),
      WAIT,
    );
  });

  it('shows a blue/green Rollout before the engine reconciled it', async () => {
    await renderCanary(argoApi(argoBlueGreenRollout), {
      entity: canaryEntity('payments-argo-bluegreen'),
    }).rendered;
    const dev = await clusterCard('dev');
    expect(
      await dev.findByText(
        'Not reconciled yet: the rollout engine creates the stable ReplicaSet of payments-api on its next reconcile.',
        {},
        WAIT,
      ),
    ).toBeInTheDocument();
    expect(dev.getByText('Blue/green')).toBeInTheDocument();
    expect(dev.getByText('active and preview Services')).toBeInTheDocument();
    expect(
      dev.getByText('Deployment payments-api (workloadRef)'),
    ).toBeInTheDocument();
    // No steps: neither a list nor a stepper.
    expect(dev.queryByLabelText('Steps')).not.toBeInTheDocument();
    expect(dev.queryByLabelText('Canary steps')).not.toBeInTheDocument();
    expect(dev.queryByLabelText('Canary weights')).not.toBeInTheDocument();
  });
});
