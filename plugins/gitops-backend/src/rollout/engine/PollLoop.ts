/**
 * Runs `poll` every `intervalMs`, one run at a time, and at once when asked
 * (`soon`): a run asked for while one is under way follows right after it.
 */
export class PollLoop {
  #timer?: NodeJS.Timeout;
  #running?: Promise<void>;
  #again = false;
  #started = false;
  #stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly poll: () => Promise<void>,
  ) {}

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#schedule(0);
  }

  /** Polls now rather than at the next interval; nothing before `start`. */
  soon(): void {
    if (!this.#started || this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  /** No poll starts from now on; resolves once the one under way ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delayMs: number) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), delayMs);
    this.#timer.unref?.();
  }

  async #run() {
    if (this.#stopped) return;
    this.#running = this.poll();
    try {
      await this.#running;
    } finally {
      this.#running = undefined;
    }
    if (this.#stopped) return;
    const again = this.#again;
    this.#again = false;
    this.#schedule(again ? 0 : this.intervalMs);
  }
}
