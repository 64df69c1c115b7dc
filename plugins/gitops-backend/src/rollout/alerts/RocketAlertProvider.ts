import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';
import { slackMessage } from './SlackAlertProvider';

/** Rocket.Chat incoming webhooks: Slack's shape with hex colours. */
export class RocketAlertProvider implements AlertProvider {
  readonly type = 'rocket';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    await sendAlertJson(
      this.type,
      destination.address,
      slackMessage(alert, destination, { ok: '#0076D7', error: '#FF0000' }),
      destination,
    );
  }
}
