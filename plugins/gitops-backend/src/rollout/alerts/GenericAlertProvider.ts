import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import { GuardedAlertDestination, sendAlertJson } from './sendAlertJson';

/** Any HTTP endpoint: the alert itself as JSON, for teams wiring their own tooling. */
export class GenericAlertProvider implements AlertProvider {
  readonly type = 'generic';

  async send(alert: RolloutAlert, destination: GuardedAlertDestination) {
    await sendAlertJson(
      this.type,
      destination.address,
      {
        severity: alert.severity,
        target: alert.target,
        cluster: alert.cluster,
        message: alert.message,
        fields: alert.fields ?? [],
      },
      destination,
    );
  }
}
