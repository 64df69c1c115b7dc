import type {
  Readiness,
  Revision,
  RolloutTarget,
  Workloads,
} from '../../workloads/types';

export const READY: Readiness = { ready: true, retriable: false };

/** A wait the workload may come out of, as a rolling update reports it. */
export const rolling = (message: string): Readiness => ({
  ready: false,
  retriable: true,
  message,
});

/**
 * The primary and the canary as the tick sees them: a revision the test
 * sets, readiness it scripts (one answer per check, then a steady one), and
 * a log of every write.
 */
export class FakeWorkloads implements Workloads {
  /** The target's live revision; undefined: the target is gone. */
  live: Revision | undefined = { hash: 'h0', trackedConfigs: {} };
  /** What the primary runs, as promotion copied it. */
  primaryRevision: Revision | undefined;
  /** `zero` | `up`, as last scaled. */
  targetScale: 'zero' | 'up' | undefined;
  readonly writes: string[] = [];
  readonly #readiness = {
    primary: { steady: READY, script: [] as Readiness[] },
    canary: { steady: READY, script: [] as Readiness[] },
  };

  /** The side answers `answers` to its next checks, then `steady` (ready by default). */
  script(
    side: 'primary' | 'canary',
    answers: Readiness[],
    steady: Readiness = READY,
  ): void {
    this.#readiness[side] = { steady, script: [...answers] };
  }

  /** A new template hash, with the tracked configs as they are (or as given). */
  deploy(hash: string, trackedConfigs?: Record<string, string>): void {
    this.live = {
      hash,
      trackedConfigs: trackedConfigs ?? this.live?.trackedConfigs ?? {},
    };
  }

  async revision(): Promise<Revision | undefined> {
    return this.live && structuredClone(this.live);
  }

  async ensureServices(): Promise<void> {
    this.writes.push('ensureServices');
  }

  async ensurePrimary(): Promise<void> {
    this.writes.push('ensurePrimary');
    this.primaryRevision ??= this.live && structuredClone(this.live);
  }

  async primaryReadiness(): Promise<Readiness> {
    return this.#next('primary');
  }

  async canaryReadiness(): Promise<Readiness> {
    return this.#next('canary');
  }

  async scaleTarget(_target: RolloutTarget, to: 'zero' | 'up'): Promise<void> {
    this.writes.push(`scaleTarget:${to}`);
    this.targetScale = to;
  }

  async promote(): Promise<void> {
    this.writes.push('promote');
    this.primaryRevision = this.live && structuredClone(this.live);
  }

  #next(side: 'primary' | 'canary'): Readiness {
    const readiness = this.#readiness[side];
    return readiness.script.shift() ?? readiness.steady;
  }
}
