import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RolloutSummary } from '@slipway/plugin-gitops-common';
import {
  currentRunChecks,
  currentRunEvents,
  progressingRollout,
  progressingStatus,
} from '../../testing/fixtures';
import { timeElement } from '../../testing/timeElement';
import { NO_RUN_YET } from './RolloutPanel';
import {
  clusterCard,
  liveRolloutApi,
  renderCanary,
} from './__testUtils__/renderCanary';

describe('Canary tab, a progressing canary', () => {
  it('shows the phase with its Promoted condition, strategy, provider and failed checks', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const dev = await clusterCard('dev');
    const chip = await dev.findByLabelText('phase Progressing');
    expect(chip).toHaveTextContent('Progressing');
    expect(chip.style.backgroundColor).not.toBe('');
    expect(
      dev.getByText(
        'Promoted Unknown: New revision detected, progressing canary analysis.',
      ),
    ).toBeInTheDocument();
    expect(dev.getByText('Canary (traffic weights)')).toBeInTheDocument();
    expect(dev.getByText('istio')).toBeInTheDocument();
    expect(dev.getByText('Failed checks: 1 of 3')).toBeInTheDocument();
    await userEvent.hover(chip);
    expect(
      await screen.findByRole('tooltip', {
        name: 'Promoted Unknown: New revision detected, progressing canary analysis.',
      }),
    ).toBeInTheDocument();
  });

  it('puts the stepper at 20 of [10..50]: 10 done, 20 current, the rest to come', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const dev = await clusterCard('dev');
    const stepper = await dev.findByLabelText('Canary weights');
    const labels = within(stepper).getAllByText(/^(\d+%|Promote)$/);
    expect(labels.map(l => l.textContent)).toEqual([
      '10%',
      '20%',
      '30%',
      '40%',
      '50%',
      'Promote',
    ]);
    const state = (text: string) => within(stepper).getByText(text).className;
    expect(state('10%')).toMatch(/completed/);
    expect(state('20%')).toMatch(/active/);
    expect(state('30%')).not.toMatch(/active|completed/);
    expect(
      dev.getByText('Canary weight 20% (step 2 of 5).'),
    ).toBeInTheDocument();
  });

  it('counts iterations for blue/green', async () => {
    const blueGreen: RolloutSummary = {
      ...progressingRollout,
      strategy: 'blueGreen',
      provider: 'kubernetes',
      analysis: {
        ...progressingRollout.analysis!,
        weights: [],
        stepWeight: 0,
        maxWeight: 100,
        iterations: 3,
      },
      status: { ...progressingStatus, canaryWeight: 0, iterations: 2 },
    };
    await renderCanary(
      liveRolloutApi({ listRollouts: async () => [blueGreen] }),
    ).rendered;
    const dev = await clusterCard('dev');
    const stepper = await dev.findByLabelText('Iterations');
    expect(within(stepper).getByText('Iteration 3').className).toMatch(
      /active/,
    );
    expect(within(stepper).getByText('Iteration 2').className).toMatch(
      /completed/,
    );
    expect(dev.getByText('Iteration 2 of 3 passed.')).toBeInTheDocument();
  });

  it('charts the canary weight and each metric of the current run', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const dev = await clusterCard('dev');
    expect(
      await dev.findByText('Run #7 (Running): canary weight and metrics'),
    ).toBeInTheDocument();
    const chart = dev.getByLabelText('Canary weight and metrics over time');
    await waitFor(() =>
      expect(chart.querySelectorAll('.recharts-line')).toHaveLength(3),
    );
    const legend = [
      ...chart.querySelectorAll('.recharts-legend-item-text'),
    ].map(e => e.textContent);
    expect(legend).toEqual([
      'Canary weight %',
      'request-success-rate',
      'request-duration',
    ]);
    // Every line is drawn, not only declared.
    for (const path of chart.querySelectorAll('.recharts-line-curve')) {
      expect(path.getAttribute('d')).toMatch(/^M/);
    }
  });

  it('lists metric checks with range, last value and failed count; a failing metric is red', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const dev = await clusterCard('dev');
    const table = await dev.findByRole('region', { name: 'Metric checks' });
    const successRate = within(table).getByRole('row', {
      name: /^request-success-rate /,
    });
    const duration = within(table).getByRole('row', {
      name: /^request-duration /,
    });
    expect(
      [...successRate.querySelectorAll('td')].map(c => c.textContent),
    ).toEqual(['request-success-rate', '≥ 99', '99.6', 'Passed', '1 of 3', '']);
    expect(
      [...duration.querySelectorAll('td')].map(c => c.textContent),
    ).toEqual([
      'request-duration',
      '≤ 500',
      '640',
      'Failed',
      '1 of 3',
      'Halt payments-api.payments advancement request duration 640ms > 500ms',
    ]);
    expect(duration.style.backgroundColor).toMatch(/^rgba\(/);
    expect(successRate.style.backgroundColor).toBe('');
  });

  it('shows every webhook call with type, name, status and message', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const dev = await clusterCard('dev');
    const table = await dev.findByRole('region', { name: 'Webhook results' });
    const loadTest = within(table).getByRole('row', {
      name: /^pre-rollout load-test /,
    });
    expect(
      [...loadTest.querySelectorAll('td')].slice(0, 5).map(c => c.textContent),
    ).toEqual(['pre-rollout', 'load-test', '202', 'Passed', 'accepted']);
    timeElement(loadTest, currentRunChecks[0].at);
    const acceptance = within(table).getByRole('row', {
      name: /^rollout acceptance /,
    });
    expect(within(acceptance).getByText('500')).toBeInTheDocument();
    expect(
      within(acceptance).getByText('smoke test: 2 of 14 requests failed'),
    ).toBeInTheDocument();
    expect(acceptance.style.backgroundColor).toMatch(/^rgba\(/);
  });

  it('shows the event timeline oldest first, warnings in red', async () => {
    const listRolloutEvents = jest.fn(liveRolloutApi().listRolloutEvents!);
    await renderCanary(liveRolloutApi({ listRolloutEvents })).rendered;
    const dev = await clusterCard('dev');
    const timeline = await dev.findByRole('list', { name: 'Events' });
    const items = within(timeline).getAllByRole('listitem');
    expect(
      items.map(i => i.querySelector('.MuiListItemText-primary')?.textContent),
    ).toEqual([
      'New revision detected! Scaling up payments-api.payments',
      'Starting canary analysis for payments-api.payments',
      'Advance payments-api.payments canary weight 10',
      'Halt payments-api.payments advancement success rate 91.20% < 99%',
      'Advance payments-api.payments canary weight 20',
    ]);
    const warning = within(timeline).getByText(
      'Halt payments-api.payments advancement success rate 91.20% < 99%',
    );
    const normal = within(timeline).getByText(
      'Advance payments-api.payments canary weight 20',
    );
    expect(warning.style.color).not.toBe('');
    expect(normal.style.color).toBe('');
    timeElement(items[3], currentRunEvents[3].at);
    expect(listRolloutEvents).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'dev',
      'payments-api',
      50,
    );
  });

  it('says no rollout has run yet once initialised without a run', async () => {
    const initialized: RolloutSummary = {
      ...progressingRollout,
      status: {
        ...progressingStatus,
        phase: 'Initialized',
        canaryWeight: 0,
        failedChecks: 0,
        runId: undefined,
        message: 'Initialization done! payments-api.payments',
      },
    };
    const getRolloutRun = jest.fn();
    await renderCanary(
      liveRolloutApi({
        listRollouts: async () => [initialized],
        getRolloutRun,
        listRolloutEvents: async () => [
          {
            id: 1,
            type: 'Normal',
            message: 'Initialization done! payments-api.payments',
            phase: 'Initialized',
            canaryWeight: 0,
            at: '2026-11-23T09:00:00.000Z',
          },
        ],
      }),
    ).rendered;
    const dev = await clusterCard('dev');
    expect(await dev.findByText(NO_RUN_YET)).toBeInTheDocument();
    expect(
      dev.getByText('Promoted True: Deployment initialization completed.'),
    ).toBeInTheDocument();
    const timeline = await dev.findByRole('list', { name: 'Events' });
    expect(
      within(timeline).getByText('Initialization done! payments-api.payments'),
    ).toBeInTheDocument();
    expect(getRolloutRun).not.toHaveBeenCalled();
    expect(dev.queryByText(/^Past rollouts of/)).not.toBeInTheDocument();
  });

  it('says why the current run could not be read, keeping the rollout state', async () => {
    await renderCanary(
      liveRolloutApi({
        getRolloutRun: async () => {
          throw new Error("No rollout run 7 of 'payments-api' on dev");
        },
      }),
    ).rendered;
    const dev = await clusterCard('dev');
    expect(
      await dev.findByText(
        'Error: Could not load the current run of payments-api',
      ),
    ).toBeInTheDocument();
    expect(
      dev.getByText("No rollout run 7 of 'payments-api' on dev"),
    ).toBeInTheDocument();
    expect(dev.getByLabelText('phase Progressing')).toBeInTheDocument();
  });
});
