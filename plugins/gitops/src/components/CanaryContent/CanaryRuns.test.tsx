import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  currentRolloutRun,
  failedRolloutRun,
  failedRunDetails,
} from '../../testing/fixtures';
import { timeElement } from '../../testing/timeElement';
import {
  clusterCard,
  liveRolloutApi,
  renderCanary,
} from './__testUtils__/renderCanary';

const entityRef = { kind: 'Component', namespace: 'default', name: 'payments' };

describe('Canary tab past rollouts', () => {
  it('lists the runs with result, revision, commit, start and duration, paged', async () => {
    const listRolloutRuns = jest.fn(async () => ({
      items: [currentRolloutRun, failedRolloutRun],
      totalCount: 2,
    }));
    await renderCanary(liveRolloutApi({ listRolloutRuns })).rendered;
    const dev = await clusterCard('dev');
    expect(
      await dev.findByText('Past rollouts of payments-api'),
    ).toBeInTheDocument();
    const failed = (await dev.findByText('#6')).closest('tr') as HTMLElement;
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('9e8d7c6b5a')).toBeInTheDocument();
    expect(within(failed).getByText('9a8b7c6d5e4f')).toBeInTheDocument();
    timeElement(failed, failedRolloutRun.startedAt);
    expect(within(failed).getByText('4 min 0 s')).toBeInTheDocument();
    const running = dev.getByText('#7').closest('tr') as HTMLElement;
    expect(within(running).getByText('running')).toBeInTheDocument();
    expect(listRolloutRuns).toHaveBeenCalledWith(
      entityRef,
      'dev',
      'payments-api',
      { offset: 0, limit: 10 },
    );
  });

  it("opens a run's checks and events on a row click", async () => {
    const getRolloutRun = jest.fn(liveRolloutApi().getRolloutRun!);
    await renderCanary(liveRolloutApi({ getRolloutRun })).rendered;
    const dev = await clusterCard('dev');
    await userEvent.click(await dev.findByText('#6'));
    const details = await screen.findByLabelText('details of rollout run 6');
    expect(
      screen.getByText(`Run #6 of payments-api: Failed`),
    ).toBeInTheDocument();
    const checks = within(details).getByRole('region', {
      name: 'Metric checks',
    });
    const row = within(checks).getByRole('row', {
      name: /^request-success-rate /,
    });
    expect(within(row).getByText('87.5')).toBeInTheDocument();
    expect(
      within(row).getByText(failedRunDetails.checks[0].message!),
    ).toBeInTheDocument();
    expect(
      within(details).getByText('No webhook was called in this run.'),
    ).toBeInTheDocument();
    const events = within(details).getByRole('list', { name: 'Events' });
    expect(
      within(events).getByText(
        'Canary failed! Scaling down payments-api.payments',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(getRolloutRun).toHaveBeenCalledWith(
        entityRef,
        'dev',
        'payments-api',
        6,
      ),
    );
  });

  it('says why a run could not be opened, and opens it on Retry', async () => {
    let failures = 1;
    await renderCanary(
      liveRolloutApi({
        getRolloutRun: async (_e, _c, _r, runId) => {
          if (runId === 6 && failures-- > 0)
            throw new Error("No rollout run 6 of 'payments-api' on dev");
          return liveRolloutApi().getRolloutRun!(_e, _c, _r, runId);
        },
      }),
    ).rendered;
    const dev = await clusterCard('dev');
    await userEvent.click(await dev.findByText('#6'));
    const problem = await screen.findByRole('alert');
    expect(problem).toHaveTextContent('Error: Could not load run #6');
    expect(problem).toHaveTextContent(
      "No rollout run 6 of 'payments-api' on dev",
    );
    await userEvent.click(
      within(problem).getByRole('button', { name: 'Retry' }),
    );
    expect(
      await screen.findByLabelText('details of rollout run 6'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
