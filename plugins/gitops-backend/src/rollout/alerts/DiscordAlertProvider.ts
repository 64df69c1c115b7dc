import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';
import { slackMessage } from './SlackAlertProvider';

/** Discord webhooks through their Slack-compatible `/slack` endpoint, as Flagger does. */
export class DiscordAlertProvider implements AlertProvider {
  readonly type = 'discord';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    const address = destination.address.replace(/\/+$/, '');
    await sendAlertJson(
      this.type,
      address.endsWith('/slack') ? address : `${address}/slack`,
      slackMessage(alert, destination, { ok: 'good', error: 'danger' }),
      destination,
    );
  }
}
