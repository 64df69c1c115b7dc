import type { RolloutPhase } from '@slipway/plugin-gitops-common';
import type { WebhookType } from '@slipway/plugin-gitops-node';
import type {
  ActiveRollout,
  CheckOutcome,
  MeasuredCheck,
  RolloutAnalysis,
} from '../ports';

/** How a scripted metrics check comes out. */
export type MetricResult = 'pass' | 'fail' | 'inconclusive';

const PASSING = [200, 201, 202];

/**
 * Metrics, webhooks and alerts without a network. Hooks are the spec's own
 * (by type, in order, stopping at the first failure, passing when there is
 * none, as the real analysis calls them); each answers the status scripted
 * for its name, 200 by default. Metrics answer the scripted results in turn,
 * then pass. Every call is logged.
 */
export class FakeAnalysis implements RolloutAnalysis {
  readonly #statuses = new Map<string, number>();
  readonly #metrics: MetricResult[] = [];
  readonly hookCalls: Array<{
    type: WebhookType;
    phase: RolloutPhase;
    checksum: string;
  }> = [];
  /** `undefined`: all metrics; else the templates a step asked for. */
  readonly metricCalls: Array<string[] | undefined> = [];
  readonly alerts: Array<{ severity: string; message: string }> = [];
  /** What each alert reports as kept from being sent by its configuration. */
  alertProblems: string[] = [];
  readonly events: Array<{ message: string; type: string; phase: string }> = [];

  /** The hook named `name` answers `status` from now on. */
  answer(name: string, status: number): void {
    this.#statuses.set(name, status);
  }

  /** The next metrics checks come out as given, in order. */
  scriptMetrics(...results: MetricResult[]): void {
    this.#metrics.push(...results);
  }

  /** Types of the hooks called, in order. */
  hookTypes(): WebhookType[] {
    return this.hookCalls.map(c => c.type);
  }

  async metrics(
    _rollout: ActiveRollout,
    _signal: AbortSignal,
    only?: string[],
  ): Promise<CheckOutcome> {
    this.metricCalls.push(only);
    const result = this.#metrics.shift() ?? 'pass';
    const name = only?.[0] ?? 'request-success-rate';
    const check: MeasuredCheck = {
      kind: 'metric',
      name,
      value: result === 'pass' ? 99.9 : 91.2,
      min: 99,
      passed: result === 'pass',
      durationMs: 1,
    };
    if (result === 'pass') return { passed: true, checks: [check] };
    if (result === 'inconclusive') {
      const message = `no values found for ${name}`;
      return {
        passed: false,
        inconclusive: true,
        failed: name,
        message,
        checks: [{ ...check, value: undefined, message }],
      };
    }
    const message = `Halt advancement ${name} 91.20% < 99%`;
    return {
      passed: false,
      failed: name,
      message,
      checks: [{ ...check, message }],
    };
  }

  async hooks(
    rollout: ActiveRollout,
    type: WebhookType,
    phase: RolloutPhase,
    checksum: string,
  ): Promise<CheckOutcome> {
    this.hookCalls.push({ type, phase, checksum });
    const checks: MeasuredCheck[] = [];
    for (const hook of rollout.target.spec.analysis.webhooks) {
      if (hook.type !== type) continue;
      const status = this.#statuses.get(hook.name) ?? 200;
      const passed = PASSING.includes(status);
      const message = passed ? undefined : `status ${status}`;
      checks.push({
        kind: 'webhook',
        name: hook.name,
        hookType: type,
        status,
        passed,
        message,
        durationMs: 1,
      });
      if (!passed) return { passed, failed: hook.name, message, checks };
    }
    return { passed: true, checks };
  }

  async alert(
    _rollout: ActiveRollout,
    severity: 'info' | 'warn' | 'error',
    message: string,
  ): Promise<string[]> {
    this.alerts.push({ severity, message });
    return [...this.alertProblems];
  }

  async event(
    _rollout: ActiveRollout,
    message: string,
    type: 'Normal' | 'Warning',
    phase: RolloutPhase,
  ): Promise<void> {
    this.events.push({ message, type, phase });
  }
}
