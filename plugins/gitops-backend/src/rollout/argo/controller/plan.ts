/**
 * `planArgoStep`: one reconcile of an Argo Rollout as a pure function, the
 * way Argo's controller runs one (v1.8.3, `rollout/controller.go`:
 * `newRolloutContext`; `rollout/context.go`: `reconcile`; `rollout/sync.go`:
 * `createDesiredReplicaSet`, `syncReplicaSetRevision`).
 */
import { replicaSetName } from '../replicas';
import type { ArgoRolloutSpec } from '../spec/types';
import { reconcileBlueGreen } from './blueGreen';
import { stableJson } from '../../workloads/stableHash';
import { reconcileCanary } from './canary';
import { getCondition, newCondition, setCondition } from './conditions';
import { messages, reasons } from './messages';
import { isSpecPaused } from './phase';
import { checkPausedConditions, progressDeadline } from './progress';
import { applyArgoUserRequests } from './requests';
import { isFullyPromoted, newArgoRolloutStatus } from './status';
import { createTickContext, wakeAt } from './tickContext';
import type {
  ArgoObservations,
  ArgoPlan,
  ArgoPlanActions,
  ArgoRolloutStatus,
} from './types';

/** Two statuses equal but for the conditions' timestamps. */
function sameStatus(a: ArgoRolloutStatus, b: ArgoRolloutStatus): boolean {
  const strip = (s: ArgoRolloutStatus) =>
    stableJson({
      ...s,
      conditions: s.conditions.map(
        ({ lastUpdateTime: _u, lastTransitionTime: _t, ...rest }) => rest,
      ),
    });
  return strip(a) === strip(b);
}

function emptyActions(): ArgoPlanActions {
  return {
    replicaSets: [],
    serviceSelectors: {},
    startAnalysisRuns: [],
    terminateAnalysisRuns: [],
    events: [],
  };
}

/**
 * The current template's ReplicaSet: created when missing; a template
 * other than the last one seen is a new revision (a return to an older
 * template too, as Argo renumbers the ReplicaSet it reuses).
 */
function syncRevision(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus,
  obs: ArgoObservations,
  now: string,
  actions: ArgoPlanActions,
): void {
  const hash = obs.podTemplateHash;
  const name = replicaSetName(spec.source.name, hash);
  const isNewRevision = status.currentPodHash !== hash;
  if (isNewRevision) status.revision += 1;
  const exists = obs.replicaSets.some(rs => rs.podTemplateHash === hash);
  if (!exists) {
    actions.createReplicaSet = {
      podTemplateHash: hash,
      revision: status.revision,
    };
    if (isNewRevision) {
      actions.events.push({
        type: 'Normal',
        reason: reasons.newReplicaSetCreated,
        message: messages.newReplicaSetDetailed(name, status.revision),
      });
    }
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        reasons.newReplicaSetCreated,
        messages.newReplicaSet(name),
        now,
      ),
    );
  } else if (!getCondition(status, 'Progressing')) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        reasons.foundNewReplicaSet,
        messages.foundNewReplicaSet(name),
        now,
      ),
    );
  }
  if (isNewRevision) {
    actions.events.push({
      type: 'Normal',
      reason: reasons.rolloutUpdated,
      message: messages.rolloutUpdated(status.revision),
    });
  }
}

/**
 * One reconcile ("tick") of an Argo Rollout.
 *
 * `status` is what the previous tick returned (undefined for a rollout
 * never reconciled); `observations` what the cluster and the users say
 * now; `now` epoch ms. Returns the new status to store, the desired state
 * to apply (ReplicaSet sizes, traffic, Service selectors, AnalysisRuns to
 * start or terminate, events to record) and when a clock must call again.
 * The inputs are not changed.
 */
export function planArgoStep(
  spec: ArgoRolloutSpec,
  status: ArgoRolloutStatus | undefined,
  observations: ArgoObservations,
  now: number,
): ArgoPlan {
  const nowIso = new Date(now).toISOString();
  const actions = emptyActions();
  const prev = applyArgoUserRequests(
    spec,
    status ?? newArgoRolloutStatus(),
    observations.requests ?? [],
  );
  const paused = isSpecPaused(spec, prev);
  syncRevision(spec, prev, observations, nowIso, actions);
  checkPausedConditions({ paused, nowIso }, prev);

  const ctx = createTickContext({
    spec,
    prev,
    obs: observations,
    now,
    paused,
    actions,
  });
  if (isFullyPromoted(prev) && ctx.pause.isAborted()) {
    // nothing left to abort
    ctx.pause.removeAbort();
  }
  const next =
    spec.strategy.kind === 'canary'
      ? reconcileCanary(ctx)
      : reconcileBlueGreen(ctx);

  const deadline = progressDeadline(ctx, next);
  if (deadline !== undefined) wakeAt(ctx, deadline);
  // Argo reconciles again whenever it updates the status (its informer
  // sees the change); a changed status asks for the next tick now.
  if (status === undefined || !sameStatus(status, next)) {
    ctx.wakeTimes.push(now);
  }
  const nextTickAt =
    ctx.wakeTimes.length > 0 ? Math.min(...ctx.wakeTimes) : undefined;
  return {
    status: next,
    actions,
    ...(nextTickAt !== undefined ? { nextTickAt } : {}),
  };
}
