import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AppLease, AppLeases } from '../../database/AppLeases';
import type { EngineMetrics } from '../../metrics';

/**
 * Renews an app's lease while its work runs (every third of the period),
 * and aborts `signal` when the lease moved: the work must apply nothing more.
 */
export class LeaseKeeper {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly leases: AppLeases,
    private readonly lease: AppLease,
    private readonly leaseMs: number,
    private readonly logger: LoggerService,
    private readonly metrics: EngineMetrics,
  ) {
    this.#timer = setInterval(() => void this.#renew(), leaseMs / 3);
    this.#timer.unref?.();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Aborts the work with `reason`, e.g. when the backend shuts down. */
  abort(reason: string) {
    this.#controller.abort(new Error(reason));
  }

  stop() {
    clearInterval(this.#timer);
  }

  async #renew() {
    try {
      if (await this.leases.renew(this.lease, this.leaseMs)) return;
      this.metrics.leaseMoved({ lease: 'app', move: 'lost' });
      this.stop();
      this.abort(
        `Stopped: the lease of ${this.lease.owner} on ${this.lease.key} moved to another backend`,
      );
    } catch (error) {
      this.metrics.errorSeen('lease');
      // The database may be back before the lease runs out; until then
      // nobody else can claim the app either.
      this.logger.warn(
        `Renewing the lease on ${this.lease.key} failed: ${
          (error as Error).message
        }`,
      );
    }
  }
}
