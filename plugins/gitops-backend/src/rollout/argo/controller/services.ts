/**
 * The Services a rollout points at its ReplicaSets (Argo v1.8.3,
 * `rollout/service.go`: `switchServiceSelector`, `ensureSVCTargets`;
 * `rollout/replicaset.go`: `isReplicaSetReferenced`).
 */
import { readyForServiceSwitch } from '../replicas';
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
 * `ensureSVCTargets`: point the Service at the ReplicaSet, when asked to
 * check only once it may take the traffic (`readyForServiceSwitch`; a
 * Service without a recorded selector is one being adopted).
 */
export function ensureServiceTargets(
  ctx: TickContext,
  role: ArgoServiceRole,
  rs: ArgoReplicaSetObservation | undefined,
  checkAvailability: boolean,
): void {
  if (!rs || !serviceName(ctx, role)) return;
  const current = ctx.selectors[role];
  if (
    current !== rs.podTemplateHash &&
    checkAvailability &&
    !readyForServiceSwitch(rs, current === undefined)
  ) {
    return;
  }
  switchSelector(ctx, role, rs.podTemplateHash);
}

/**
 * `isReplicaSetReferenced`: the hashes still in use, which no old
 * ReplicaSet is scaled down from: stable, current, selected by a Service
 * (as switched so far) or given traffic.
 */
export function referencedHashes(ctx: TickContext): Set<string> {
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
  return new Set(references.filter((h): h is string => !!h));
}
