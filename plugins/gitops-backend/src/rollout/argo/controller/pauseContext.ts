/**
 * Pauses and aborts decided during one reconcile, applied to the new
 * status at its end (Argo's `pauseContext`, v1.8.3 `rollout/pause.go`).
 */
import type {
  ArgoPauseCondition,
  ArgoPauseReason,
  ArgoRolloutStatus,
} from './types';

export class PauseContext {
  private readonly addReasons: ArgoPauseReason[] = [];
  private readonly removeReasons: ArgoPauseReason[] = [];
  private clearAll = false;
  private addAbortFlag = false;
  private removeAbortFlag = false;
  /** The reason given with the abort, appended to the aborted condition's message. */
  abortMessage = '';

  /** `prev`: the status the reconcile started from. */
  constructor(private readonly prev: ArgoRolloutStatus) {}

  hasAddPause(): boolean {
    return this.addReasons.length > 0;
  }

  isAborted(): boolean {
    if (this.removeAbortFlag) return false;
    return this.addAbortFlag || this.prev.abort;
  }

  addAbort(message: string): void {
    this.addAbortFlag = true;
    this.abortMessage = message;
  }

  removeAbort(): void {
    this.removeAbortFlag = true;
  }

  addPauseCondition(reason: ArgoPauseReason): void {
    this.addReasons.push(reason);
  }

  removePauseCondition(reason: ArgoPauseReason): void {
    this.removeReasons.push(reason);
  }

  clearPauseConditions(): void {
    this.clearAll = true;
  }

  /**
   * `CalculatePauseStatus`. An abort keeps its first time and drops every
   * pause; a cleared or emptied pause list also drops `controllerPause`;
   * a new pause reason starts now and sets `controllerPause`.
   */
  apply(next: ArgoRolloutStatus, now: string): void {
    const abortedAt = this.prev.abortedAt ?? now;
    next.pauseConditions = [];
    next.controllerPause = false;
    if (this.addAbortFlag || (!this.removeAbortFlag && this.prev.abort)) {
      next.abort = true;
      next.abortedAt = abortedAt;
      return;
    }
    next.abort = false;
    delete next.abortedAt;
    if (this.clearAll) return;

    let controllerPause = this.prev.controllerPause;
    const conditions: ArgoPauseCondition[] = this.prev.pauseConditions.filter(
      c => !this.removeReasons.includes(c.reason),
    );
    const existing = new Set(this.prev.pauseConditions.map(c => c.reason));
    for (const reason of this.addReasons) {
      if (existing.has(reason)) continue;
      existing.add(reason);
      conditions.push({ reason, startTime: now });
      controllerPause = true;
    }
    if (conditions.length === 0) return;
    next.controllerPause = controllerPause;
    next.pauseConditions = conditions;
  }
}
