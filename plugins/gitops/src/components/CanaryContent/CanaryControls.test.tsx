import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RolloutStatus } from '@slipway/plugin-gitops-common';
import { progressingRollout, progressingStatus } from '../../testing/fixtures';
import {
  canaryEntity,
  clusterCard,
  liveRolloutApi,
  renderCanary,
} from './__testUtils__/renderCanary';

const controls = async () => {
  const dev = await clusterCard('dev');
  return within(await dev.findByLabelText('Rollout controls'));
};

// A 409 as the backend's error handler answers it.
const conflict = async (message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        request: { method: 'POST', url: '/api/gitops/…/promote' },
        response: { statusCode: 409 },
      }),
      {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );

describe('Canary tab controls', () => {
  it('offers the controls that apply to a progressing canary', async () => {
    await renderCanary(liveRolloutApi()).rendered;
    const buttons = await controls();
    await waitFor(() =>
      expect(buttons.getByRole('button', { name: 'Promote' })).toBeEnabled(),
    );
    expect(
      buttons.getByRole('button', { name: 'Promote fully' }),
    ).toBeEnabled();
    expect(buttons.getByRole('button', { name: 'Abort' })).toBeEnabled();
    expect(buttons.getByRole('button', { name: 'Pause' })).toBeEnabled();
    expect(buttons.getByRole('button', { name: 'Retry' })).toBeDisabled();
    expect(buttons.getByRole('button', { name: 'Resume' })).toBeDisabled();
  });

  it('promotes after confirmation and reports the status the engine answered', async () => {
    const after: RolloutStatus = {
      ...progressingStatus,
      message: 'Advance payments-api.payments canary weight 30',
      canaryWeight: 30,
    };
    const controlRollout = jest.fn(async () => after);
    const listRollouts = jest.fn(async () => [progressingRollout]);
    const { rendered, alertApi } = renderCanary(
      liveRolloutApi({ controlRollout, listRollouts }),
    );
    await rendered;
    const promote = (await controls()).getByRole('button', { name: 'Promote' });
    await waitFor(() => expect(promote).toBeEnabled());
    await userEvent.click(promote);
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Promote payments-api on dev?'),
    ).toBeInTheDocument();
    expect(controlRollout).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message:
            'Promote requested for payments-api on dev; it is Progressing: Advance payments-api.payments canary weight 30',
          severity: 'success',
        }),
      ),
    );
    expect(controlRollout).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments' },
      'dev',
      'payments-api',
      'promote',
    );
    // The state is read again at once rather than at the next poll.
    await waitFor(() => expect(listRollouts).toHaveBeenCalledTimes(2));
  });

  it("shows the backend's 409 message when the action no longer applies", async () => {
    const message =
      'Cannot abort rollout payments-api: its promotion is already under way';
    const controlRollout = jest.fn(async () => {
      throw await conflict(message);
    });
    const { rendered, alertApi } = renderCanary(
      liveRolloutApi({ controlRollout }),
    );
    await rendered;
    const abort = (await controls()).getByRole('button', { name: 'Abort' });
    await waitFor(() => expect(abort).toBeEnabled());
    await userEvent.click(abort);
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText(/all traffic returns to the primary/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: `Abort failed: ${message}`,
          severity: 'error',
        }),
      ),
    );
  });

  it('offers only Retry after a failure', async () => {
    const failed = {
      ...progressingRollout,
      status: {
        ...progressingStatus,
        phase: 'Failed' as const,
        canaryWeight: 0,
      },
    };
    const { rendered } = renderCanary(
      liveRolloutApi({ listRollouts: async () => [failed] }),
      {
        entity: canaryEntity('payments-failed'),
      },
    );
    await rendered;
    const buttons = await controls();
    await waitFor(() =>
      expect(buttons.getByRole('button', { name: 'Retry' })).toBeEnabled(),
    );
    for (const name of [
      'Promote',
      'Promote fully',
      'Abort',
      'Pause',
      'Resume',
    ]) {
      expect(buttons.getByRole('button', { name })).toBeDisabled();
    }
  });

  it('offers Resume, not Pause, on a manually paused canary', async () => {
    const paused = {
      ...progressingRollout,
      status: {
        ...progressingStatus,
        phase: 'Waiting' as const,
        pause: {
          reason: 'manual pause',
          startedAt: '2026-11-23T10:05:00.000Z',
        },
      },
    };
    await renderCanary(liveRolloutApi({ listRollouts: async () => [paused] }), {
      entity: canaryEntity('payments-paused'),
    }).rendered;
    const dev = await clusterCard('dev');
    expect(
      await dev.findByText(/^Paused for manual pause since/),
    ).toBeInTheDocument();
    const buttons = await controls();
    await waitFor(() =>
      expect(buttons.getByRole('button', { name: 'Resume' })).toBeEnabled(),
    );
    expect(buttons.getByRole('button', { name: 'Pause' })).toBeDisabled();
    expect(buttons.getByRole('button', { name: 'Promote' })).toBeEnabled();
  });

  it('disables every control without the rollout control permission and says why', async () => {
    const controlRollout = jest.fn();
    await renderCanary(liveRolloutApi({ controlRollout }), {
      authorize: AuthorizeResult.DENY,
      entity: canaryEntity('payments-locked'),
    }).rendered;
    const buttons = await controls();
    // The tooltip names the permission only once the decision arrived.
    await userEvent.hover(
      buttons.getByRole('button', { name: 'Promote' }).parentElement!,
    );
    expect(
      await screen.findByRole('tooltip', {
        name: 'You need the gitops.rollout.control permission',
      }),
    ).toBeInTheDocument();
    for (const name of [
      'Promote',
      'Promote fully',
      'Abort',
      'Retry',
      'Pause',
      'Resume',
    ]) {
      expect(buttons.getByRole('button', { name })).toBeDisabled();
    }
    expect(controlRollout).not.toHaveBeenCalled();
  });
});
