import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { getArray, getPath, isRecord } from './fields';
import { HealthAssessment } from './types';

/** What the Ready and Reconciling conditions of a Flux object add up to. */
interface ConditionTally {
  /** `Ready=Unknown` and `Reconciling=True` entries. */
  progressing: number;
  /** `Ready=True` entries. */
  ready: number;
  /** Reason of the last Ready condition, whatever its status. */
  reason: string;
}

function tallyConditions(conditions: unknown[]): ConditionTally {
  const tally: ConditionTally = { progressing: 0, ready: 0, reason: '' };
  for (const condition of conditions.filter(isRecord)) {
    if (condition.type === 'Ready') {
      if (condition.status === 'True') {
        tally.ready += 1;
      } else if (condition.status === 'Unknown') {
        tally.progressing += 1;
      }
      tally.reason =
        typeof condition.reason === 'string' ? condition.reason : '';
    } else if (
      condition.type === 'Reconciling' &&
      condition.status === 'True'
    ) {
      tally.progressing += 1;
    }
  }
  return tally;
}

/**
 * Flux Kustomization, as Argo CD's health check for it judges. Only a run in
 * flight (`Ready=Unknown` and `Reconciling=True`) is progress; any other
 * state that is not Ready, `Stalled` or not, is a failure. The message is the
 * Ready reason, which Argo CD shows instead of Flux's longer message.
 */
export function fluxKustomizationHealth(
  obj: KubernetesObject,
): HealthAssessment {
  if (getPath(obj, 'spec', 'suspend') === true) {
    return { status: 'Suspended', message: `${obj.kind} is suspended` };
  }
  const conditions = getPath(obj, 'status', 'conditions');
  if (conditions === undefined || conditions === null) {
    return { status: 'Progressing', message: 'Status unknown' };
  }
  // An empty list is a status the controller wrote, so it is not "unknown".
  const tally = tallyConditions(getArray(obj, 'status', 'conditions'));
  // Exact counts, as Argo CD keeps them: a duplicated condition changes them.
  if (tally.progressing === 2) {
    return { status: 'Progressing', message: tally.reason };
  }
  if (tally.ready === 1) {
    return { status: 'Healthy', message: tally.reason };
  }
  return { status: 'Degraded', message: tally.reason };
}
