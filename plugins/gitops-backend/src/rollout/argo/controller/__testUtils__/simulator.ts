import { planArgoStep } from '../plan';
import type { ArgoRolloutSpec } from '../../spec/types';
import type {
  ArgoAnalysisPhase,
  ArgoEvent,
  ArgoPlan,
  ArgoReplicaSetObservation,
  ArgoRolloutStatus,
  ArgoUserRequest,
} from '../index';
import type { ArgoServiceRole } from '../../spec/helpers';

export const T0 = Date.parse('2025-01-01T00:00:00Z');

interface SimRun {
  phase: ArgoAnalysisPhase;
  message?: string;
  terminated?: boolean;
  kind: string;
  stepIndex?: number;
}

/**
 * A stand-in for the cluster and the engine around `planArgoStep`: it
 * applies each plan's actions at once (ReplicaSets reach their size with
 * the rollout's replicas recorded, as `scaledReplicaSet` writes them; pods
 * become available unless held back), starts AnalysisRuns as Running, and
 * keeps the events.
 */
export class Simulator {
  status: ArgoRolloutStatus | undefined;
  now = T0;
  podTemplateHash: string;
  readonly replicaSets = new Map<string, ArgoReplicaSetObservation>();
  readonly runs = new Map<string, SimRun>();
  readonly selectors: Partial<Record<ArgoServiceRole, string>> = {};
  traffic?: { canaryWeight: number; stableWeight: number };
  headerRoute?: string;
  events: ArgoEvent[] = [];
  plans: ArgoPlan[] = [];
  private requests: ArgoUserRequest[] = [];
  /** Hashes whose pods never become available (at most this many). */
  readonly availableCap = new Map<string, number>();
  private created = 0;

  constructor(public spec: ArgoRolloutSpec, hash = 'h1') {
    this.podTemplateHash = hash;
  }

  request(...requests: ArgoUserRequest[]): this {
    this.requests.push(...requests);
    return this;
  }

  /** A new pod template. */
  deploy(hash: string): this {
    this.podTemplateHash = hash;
    return this;
  }

  advance(seconds: number): this {
    this.now += seconds * 1000;
    return this;
  }

  setRun(name: string, phase: ArgoAnalysisPhase, message?: string): this {
    const run = this.runs.get(name);
    if (!run) throw new Error(`no run ${name}; runs: ${[...this.runs.keys()]}`);
    run.phase = phase;
    run.message = message;
    return this;
  }

  /** The one run of this kind that is not finished. */
  runningRun(kind: string): string {
    const names = [...this.runs.entries()]
      .filter(([, r]) => r.kind === kind && r.phase === 'Running')
      .map(([n]) => n);
    if (names.length !== 1) {
      throw new Error(`expected one running ${kind} run, got ${names}`);
    }
    return names[0];
  }

  replicas(hash: string): number {
    return this.replicaSets.get(hash)?.replicas ?? 0;
  }

  /** The sizes of these ReplicaSets after each of `ticks` reconciles. */
  path(ticks: number, ...hashes: string[]): number[][] {
    const sizes: number[][] = [];
    for (let i = 0; i < ticks; i++) {
      this.tick();
      sizes.push(hashes.map(hash => this.replicas(hash)));
    }
    return sizes;
  }

  private observe() {
    return {
      podTemplateHash: this.podTemplateHash,
      replicaSets: [...this.replicaSets.values()].map(rs => ({ ...rs })),
      analysisRuns: Object.fromEntries(
        [...this.runs.entries()].map(([name, r]) => [
          name,
          { phase: r.phase, ...(r.message ? { message: r.message } : {}) },
        ]),
      ),
      requests: this.requests,
    };
  }

  private settlePods(): void {
    for (const rs of this.replicaSets.values()) {
      const cap = this.availableCap.get(rs.podTemplateHash) ?? Infinity;
      rs.statusReplicas = rs.replicas;
      rs.readyReplicas = Math.min(rs.replicas, cap);
      rs.availableReplicas = Math.min(rs.replicas, cap);
    }
  }

  tick(): ArgoPlan {
    const plan = planArgoStep(this.spec, this.status, this.observe(), this.now);
    this.requests = [];
    this.status = plan.status;
    this.plans.push(plan);
    const a = plan.actions;
    if (a.createReplicaSet) {
      this.replicaSets.set(a.createReplicaSet.podTemplateHash, {
        podTemplateHash: a.createReplicaSet.podTemplateHash,
        replicas: 0,
        statusReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        desiredReplicas: this.spec.replicas,
        createdAt: new Date(T0 + this.created++ * 1000).toISOString(),
      });
    }
    for (const target of a.replicaSets) {
      const rs = this.replicaSets.get(target.podTemplateHash);
      if (!rs) continue;
      rs.replicas = target.replicas;
      rs.desiredReplicas = this.spec.replicas;
    }
    this.settlePods();
    for (const run of a.startAnalysisRuns) {
      this.runs.set(run.name, {
        phase: 'Running',
        kind: run.kind,
        stepIndex: run.stepIndex,
      });
    }
    for (const name of a.terminateAnalysisRuns) {
      const run = this.runs.get(name);
      if (run && (run.phase === 'Running' || run.phase === 'Pending')) {
        run.phase = 'Successful';
        run.terminated = true;
      }
    }
    Object.assign(this.selectors, a.serviceSelectors);
    if (a.traffic) {
      this.traffic = {
        canaryWeight: a.traffic.canaryWeight,
        stableWeight: a.traffic.stableWeight,
      };
    }
    if (a.setHeaderRoute) this.headerRoute = a.setHeaderRoute.name;
    if (a.removeManagedRoutes) this.headerRoute = undefined;
    this.events.push(...a.events);
    return plan;
  }

  private fingerprint(): string {
    return JSON.stringify([
      this.status,
      [...this.replicaSets.entries()],
      [...this.runs.entries()],
      this.selectors,
      this.traffic,
    ]);
  }

  /** Tick until a tick changes nothing (no clock moves). */
  settle(maxTicks = 40): this {
    for (let i = 0; i < maxTicks; i++) {
      const before = this.fingerprint();
      this.tick();
      if (this.fingerprint() === before) return this;
    }
    throw new Error(`no steady state after ${maxTicks} ticks`);
  }

  /** Events recorded since the last call. */
  takeEvents(): string[] {
    const events = this.events.map(e => `${e.reason}: ${e.message}`);
    this.events = [];
    return events;
  }

  get phase(): string {
    const s = this.status!;
    return s.message ? `${s.phase}: ${s.message}` : s.phase;
  }

  get nextTickAt(): number | undefined {
    return this.plans[this.plans.length - 1]?.nextTickAt;
  }
}
