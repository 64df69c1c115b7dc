import type {
  TrafficRouter,
  TrafficWeights,
} from '@slipway/plugin-gitops-node';

/** A router that keeps the weights it was given and every write in order. */
export class FakeRouter implements TrafficRouter {
  readonly provider = 'fake';
  weights: TrafficWeights = { primary: 100, canary: 0 };
  readonly history: TrafficWeights[] = [];
  reconciled = 0;

  async reconcile(): Promise<void> {
    this.reconciled++;
  }

  async getWeights(): Promise<TrafficWeights> {
    return { ...this.weights };
  }

  async setWeights(_target: unknown, weights: TrafficWeights): Promise<void> {
    this.weights = { ...weights };
    this.history.push({ ...weights });
  }

  /** The canary's share after each write, with `m` for a mirrored write. */
  canaryWeights(): string[] {
    return this.history.map(w => `${w.canary}${w.mirror ? 'm' : ''}`);
  }
}
