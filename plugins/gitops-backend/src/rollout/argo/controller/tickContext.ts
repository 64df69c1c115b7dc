/**
 * What one reconcile works with (Argo's `rolloutContext`, v1.8.3
 * `rollout/context.go`): the rollout as it was, the ReplicaSets sorted
 * into new, stable and other, and what the reconcile decides so far.
 */
import type { ArgoServiceRole } from '../spec/helpers';
import type { ArgoRolloutSpec } from '../spec/types';
import { PauseContext } from './pauseContext';
import { getPauseCondition } from './status';
import { ms } from './time';
import type {
  ArgoEvent,
  ArgoObservations,
  ArgoPlanActions,
  ArgoReplicaSetObservation,
  ArgoRolloutStatus,
} from './types';

export interface TickContext {
  spec: ArgoRolloutSpec;
  /** The rollout's status as the controller reads it: the stored one with the users' patches applied. */
  prev: ArgoRolloutStatus;
  obs: ArgoObservations;
  now: number;
  nowIso: string;
  /** `spec.paused`, from the document or a user. */
  paused: boolean;
  pause: PauseContext;
  /** The current template's hash and ReplicaSet (an empty one, as Argo creates it, if it is being created). */
  newHash: string;
  newRS: ArgoReplicaSetObservation;
  /** The stable ReplicaSet; the new one when they are the same; undefined before the first promotion. */
  stableRS?: ArgoReplicaSetObservation;
  /** Every other ReplicaSet. */
  otherRSs: ArgoReplicaSetObservation[];
  allRSs: ArgoReplicaSetObservation[];
  actions: ArgoPlanActions;
  /** What each managed Service selects, as switched so far (starting from the status's record). */
  selectors: Partial<Record<ArgoServiceRole, string>>;
  /** Times a clock must wake the rollout at. */
  wakeTimes: number[];
}

export function createTickContext(input: {
  spec: ArgoRolloutSpec;
  prev: ArgoRolloutStatus;
  obs: ArgoObservations;
  now: number;
  paused: boolean;
  actions: ArgoPlanActions;
}): TickContext {
  const { obs, prev } = input;
  const newHash = obs.podTemplateHash;
  const newRS = obs.replicaSets.find(rs => rs.podTemplateHash === newHash) ?? {
    podTemplateHash: newHash,
    replicas: 0,
    statusReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    desiredReplicas: input.spec.replicas,
    createdAt: new Date(input.now).toISOString(),
  };
  const allRSs = obs.replicaSets.some(rs => rs.podTemplateHash === newHash)
    ? obs.replicaSets
    : [...obs.replicaSets, newRS];
  const stableRS =
    prev.stableRS === ''
      ? undefined
      : allRSs.find(rs => rs.podTemplateHash === prev.stableRS);
  const otherRSs = allRSs.filter(
    rs => rs.podTemplateHash !== newHash && rs !== stableRS,
  );
  return {
    ...input,
    nowIso: new Date(input.now).toISOString(),
    pause: new PauseContext(prev),
    newHash,
    newRS,
    stableRS,
    otherRSs,
    allRSs,
    selectors: recordedSelectors(prev),
    wakeTimes: [],
  };
}

function recordedSelectors(
  prev: ArgoRolloutStatus,
): Partial<Record<ArgoServiceRole, string>> {
  const selectors: Partial<Record<ArgoServiceRole, string>> = {};
  if (prev.canary.stableSelector) selectors.stable = prev.canary.stableSelector;
  if (prev.canary.canarySelector) selectors.canary = prev.canary.canarySelector;
  if (prev.blueGreen.activeSelector)
    selectors.active = prev.blueGreen.activeSelector;
  if (prev.blueGreen.previewSelector)
    selectors.preview = prev.blueGreen.previewSelector;
  return selectors;
}

export function recordEvent(
  ctx: TickContext,
  reason: string,
  message: string,
  type: ArgoEvent['type'] = 'Normal',
): void {
  ctx.actions.events.push({ type, reason, message });
}

/** Wake the rollout at `time` (epoch ms) if that is still ahead. */
export function wakeAt(ctx: TickContext, time: number): void {
  if (time > ctx.now) ctx.wakeTimes.push(time);
}

/** `haltProgress`: a paused rollout, or one paused on an inconclusive analysis, changes no ReplicaSet and no step. */
export function haltProgress(ctx: TickContext): string {
  if (ctx.paused) return 'user paused';
  if (getPauseCondition(ctx.prev, 'InconclusiveAnalysisRun'))
    return 'inconclusive analysis';
  return '';
}

export function replicaSetByHash(
  ctx: TickContext,
  hash: string,
): ArgoReplicaSetObservation | undefined {
  if (hash === '') return undefined;
  return ctx.allRSs.find(rs => rs.podTemplateHash === hash);
}

/** The ReplicaSet has a scale-down deadline (Argo's `HasScaleDownDeadline`). */
export function hasScaleDownDeadline(ctx: TickContext, hash: string): boolean {
  return ctx.prev.scaleDownDeadlines[hash] !== undefined;
}

/**
 * `isRollbackWithinWindow`: the current template's ReplicaSet is older
 * than the stable one and fewer than `rollbackWindow.revisions`
 * ReplicaSets were made between them.
 */
export function isRollbackWithinWindow(ctx: TickContext): boolean {
  const window = ctx.spec.rollbackWindow?.revisions ?? 0;
  const stable = ctx.stableRS;
  if (window <= 0 || !stable || stable === ctx.newRS) return false;
  if (!ctx.newRS.createdAt || !stable.createdAt) return false;
  const newAt = ms(ctx.newRS.createdAt);
  const stableAt = ms(stable.createdAt);
  if (!(newAt < stableAt)) return false;
  const between = ctx.allRSs.filter(rs => {
    if (!rs.createdAt) return false;
    const at = ms(rs.createdAt);
    return at < stableAt && newAt < at;
  }).length;
  return between < window;
}
