import { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION } from './constants';
import type { ReplicaSet } from './types';

/** A ReplicaSet's `rollout.argoproj.io/revision`, or undefined when missing or not a whole number. */
export function revisionOf(
  replicaSet: Pick<ReplicaSet, 'metadata'>,
): number | undefined {
  return wholeNumber(replicaSet.metadata.annotations?.[REVISION_ANNOTATION]);
}

/** A base-10 integer annotation value as Go's `strconv.ParseInt` reads it; undefined otherwise. */
export function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The revision of a new ReplicaSet: one above the highest revision of the
 * rollout's other ReplicaSets, 1 for the first (`MaxRevision` + 1 in
 * `createDesiredReplicaSet`). Revisions that cannot be read are skipped.
 */
export function nextRevision(
  others: readonly Pick<ReplicaSet, 'metadata'>[],
): number {
  let max = 0;
  for (const rs of others) {
    const revision = revisionOf(rs);
    if (revision !== undefined && revision > max) max = revision;
  }
  return max + 1;
}

/**
 * An existing ReplicaSet that becomes the new one again (a rollback to a
 * template it runs), with `revision` as Argo's `SetNewReplicaSetAnnotations`
 * writes it: the revision only ever goes up, and the revision it had is
 * appended to `rollout.argoproj.io/revision-history`. Unchanged when its
 * revision is already `revision` or higher, or unreadable.
 */
export function withRevision(
  replicaSet: ReplicaSet,
  revision: number,
): ReplicaSet {
  const annotations = replicaSet.metadata.annotations ?? {};
  const old = annotations[REVISION_ANNOTATION];
  const oldRevision = old === undefined || old === '' ? 0 : wholeNumber(old);
  if (oldRevision === undefined || oldRevision >= revision) return replicaSet;
  const next: Record<string, string> = {
    ...annotations,
    [REVISION_ANNOTATION]: String(revision),
  };
  if (old !== undefined) {
    const history = annotations[REVISION_HISTORY_ANNOTATION];
    next[REVISION_HISTORY_ANNOTATION] = history ? `${history},${old}` : old;
  }
  return {
    ...replicaSet,
    metadata: { ...replicaSet.metadata, annotations: next },
  };
}

/**
 * Order for Argo's `sort.Reverse(ReplicaSetsByRevisionNumber)`: highest
 * revision first, the newer of equal revisions first. A ReplicaSet
 * without a readable revision counts as older than any with one.
 */
export function byRevisionDescending(
  a: { revision?: number; creationTimestamp?: string },
  b: { revision?: number; creationTimestamp?: string },
): number {
  const ra = a.revision ?? -Infinity;
  const rb = b.revision ?? -Infinity;
  if (ra !== rb) return ra > rb ? -1 : 1;
  return byCreation(b, a);
}

/** Oldest first (`controller.ReplicaSetsByCreationTimestamp`); without a readable timestamp, first. */
export function byCreation(
  a: { creationTimestamp?: string },
  b: { creationTimestamp?: string },
): number {
  const ta = time(a.creationTimestamp);
  const tb = time(b.creationTimestamp);
  if (ta === tb) return 0;
  return ta < tb ? -1 : 1;
}

function time(value: string | undefined): number {
  const t = Date.parse(value ?? '');
  return Number.isNaN(t) ? -Infinity : t;
}
