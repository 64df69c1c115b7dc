import type {
  AlertDestination,
  AlertProvider,
  RolloutAlert,
} from '@slipway/plugin-gitops-node';
import { alertFields, DEFAULT_CHANNEL, DEFAULT_USERNAME } from './alertFields';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';

/** Slack's attachment message, also what Discord's `/slack` endpoint and Rocket.Chat take. */
export function slackMessage(
  alert: RolloutAlert,
  destination: AlertDestination,
  colours: { ok: string; error: string },
) {
  return {
    channel: destination.channel ?? DEFAULT_CHANNEL,
    username: destination.username ?? DEFAULT_USERNAME,
    icon_emoji: ':rocket:',
    attachments: [
      {
        color: alert.severity === 'error' ? colours.error : colours.ok,
        author_name: alert.target,
        text: alert.message,
        mrkdwn_in: ['text'],
        fields: alertFields(alert).map(f => ({ ...f, short: false })),
      },
    ],
  };
}

/** Slack incoming webhooks: green "good", red "danger" for errors. */
export class SlackAlertProvider implements AlertProvider {
  readonly type = 'slack';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    await sendAlertJson(
      this.type,
      destination.address,
      slackMessage(alert, destination, { ok: 'good', error: 'danger' }),
      destination,
    );
  }
}
