import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { alertFields } from './alertFields';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';

const SEVERITY_MARK = { info: 'ℹ️', warn: '⚠️', error: '❌' } as const;

/**
 * DingTalk custom robots take a markdown message. They answer 200 even when
 * they refuse it, with a non-zero `errcode` in the body, so that is checked.
 */
export class DingTalkAlertProvider implements AlertProvider {
  readonly type = 'dingtalk';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    const lines = [
      `#### ${SEVERITY_MARK[alert.severity]} ${alert.target}`,
      '',
      alert.message,
      '',
      ...alertFields(alert).map(f => `- **${f.title}**: ${f.value}`),
    ];
    const body = await sendAlertJson(
      this.type,
      destination.address,
      {
        msgtype: 'markdown',
        markdown: {
          title: `${alert.target}: ${alert.message}`,
          text: lines.join('\n'),
        },
      },
      destination,
    );
    let answer: { errcode?: number; errmsg?: string } | undefined;
    try {
      answer = JSON.parse(body);
    } catch {
      throw new Error(
        `dingtalk answered 200 without JSON: ${body.trim().slice(0, 256)}`,
      );
    }
    if (answer?.errcode) {
      throw new Error(
        `dingtalk answered errcode ${answer.errcode}: ${
          answer.errmsg ?? ''
        }`.trim(),
      );
    }
  }
}
