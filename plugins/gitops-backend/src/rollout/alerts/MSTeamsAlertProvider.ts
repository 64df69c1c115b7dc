import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { alertFields } from './alertFields';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';

/** Microsoft Teams incoming webhooks take a legacy MessageCard. */
export class MSTeamsAlertProvider implements AlertProvider {
  readonly type = 'msteams';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    await sendAlertJson(
      this.type,
      destination.address,
      {
        '@type': 'MessageCard',
        '@context': 'http://schema.org/extensions',
        themeColor: alert.severity === 'error' ? 'FF0000' : '0076D7',
        summary: alert.target,
        sections: [
          {
            activityTitle: alert.message,
            activitySubtitle: alert.target,
            facts: alertFields(alert).map(f => ({
              name: f.title,
              value: f.value,
            })),
          },
        ],
      },
      destination,
    );
  }
}
