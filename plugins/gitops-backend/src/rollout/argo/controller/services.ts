/**
 * The Services a rollout points at its ReplicaSets (Argo v1.8.3,
 * `rollout/service.go`: `switchServiceSelector`, `ensureSVCTargets`;
 * `rollout/replicaset.go`: `isReplicaSetReferenced`).
 */
import type { ArgoServiceRole } from '../spec/helpers';
import { messages, reasons } from './messages';
import { recordEvent, type TickContext } from './tickContext';
import type { ArgoReplicaSetObservation } from './types';

function serviceName(
  ctx: TickContext,
  role: ArgoServiceRole,
): string | undefined {
  const strategy = ctx.spec.strategy;
  if (strategy.kind === 'canary') {
    if (role === 'stable') return strategy.stableService;
    if (role === 'canary') return strategy.canaryService;
    return undefined;
  }
  if (role === 'active') return strategy.activeService;
  if (role === 'preview') return strategy.previewService;
  return undefined;
}

/** Point the Service of `role` (if the rollout has one) at `hash`, announcing a change. */
export function switchSelector(
  ctx: TickContext,
  role: ArgoServiceRole,
  hash: string,
): void {
  const name = serviceName(ctx, role);
  if (!name) return;
  const current = ctx.selectors[role] ?? '';
  ctx.actions.serviceSelectors[role] = hash;
  if (current === hash) return;
  ctx.selectors[role] = hash;
  recordEvent(
    ctx,
    reasons.switchService,
    messages.switchedService(name, current, hash),
  );
}

/**
 * `ensureSVCTargets`: point the Service at the ReplicaSet, but, when asked
 * to check, not at one with no pod available, and not at one short of pods
 * when taking the Service over for the first time.
 */
export function ensureServiceTargets(
  ctx: TickContext,
  role: ArgoServiceRole,
  rs: ArgoReplicaSetObservation | undefined,
  checkAvailability: boolean,
): void {
  if (!rs || !serviceName(ctx, role)) return;
  const current = ctx.selectors[role];
  if (current !== rs.podTemplateHash && checkAvailability) {
    const adopting = current === undefined;
    const fullyAvailable =
      rs.replicas !== 0 &&
      rs.availableReplicas !== 0 &&
      rs.replicas <= rs.availableReplicas;
    if (adopting && !fullyAvailable) return;
    if (rs.availableReplicas === 0) return;
  }
  switchSelector(ctx, role, rs.podTemplateHash);
}

/** The ReplicaSet is still in use: stable, current, selected by a Service or given traffic. */
export function isReplicaSetReferenced(
  ctx: TickContext,
  rs: ArgoReplicaSetObservation,
): boolean {
  const hash = rs.podTemplateHash;
  const prev = ctx.prev;
  const references = [
    prev.stableRS,
    prev.currentPodHash,
    prev.blueGreen.activeSelector,
    prev.blueGreen.previewSelector,
    prev.canary.weights?.canary.podTemplateHash,
    prev.canary.weights?.stable.podTemplateHash,
    ...Object.values(ctx.selectors),
  ];
  return references.includes(hash);
}
