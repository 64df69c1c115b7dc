import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { errorMessage } from '../common';

/** What an action reports when it went through. */
export interface ActionOutcome {
  message: string;
  /** `error` when the request succeeded but the operation did not, e.g. a failed sync run. */
  severity?: 'success' | 'warning' | 'error';
}

/** Posts an action's outcome or error to the alert bar, so every action reports back. */
export function useActionReporter() {
  const alertApi = useApi(alertApiRef);
  return async (
    perform: () => Promise<ActionOutcome>,
    failurePrefix: string,
  ) => {
    try {
      const outcome = await perform();
      alertApi.post({
        message: outcome.message,
        severity: outcome.severity ?? 'success',
        display: 'transient',
      });
      return true;
    } catch (e) {
      alertApi.post({
        message: `${failurePrefix}: ${errorMessage(e)}`,
        severity: 'error',
      });
      return false;
    }
  };
}
