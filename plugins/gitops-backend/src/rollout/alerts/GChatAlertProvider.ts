import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { alertFields } from './alertFields';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';

const ICON =
  'https://raw.githubusercontent.com/fluxcd/flagger/main/docs/logo/flagger-icon.png';

/** Google Chat incoming webhooks with a card per alert. */
export class GChatAlertProvider implements AlertProvider {
  readonly type = 'gchat';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    const fields = alertFields(alert);
    const sections: unknown[] = [
      { widgets: [{ textParagraph: { text: alert.message } }] },
    ];
    if (fields.length > 0) {
      sections.push({
        widgets: fields.map(f => ({
          keyValue: {
            topLabel: f.title,
            content: f.value,
            contentMultiline: 'true',
          },
        })),
      });
    }
    await sendAlertJson(
      this.type,
      destination.address,
      {
        cards: [
          {
            header: {
              title: 'Flagger',
              subtitle: alert.target,
              imageUrl: ICON,
            },
            sections,
          },
        ],
      },
      destination,
    );
  }
}
