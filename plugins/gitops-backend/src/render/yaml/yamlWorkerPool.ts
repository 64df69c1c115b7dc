import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { RenderError } from '../RenderError';
import type { ManifestLimits } from './manifestLimits';
import { parseYamlDocuments, YamlDocument } from './parseYamlDocuments';

interface ParseJob {
  id: number;
  text: string;
  file: string;
  limits: ManifestLimits;
}

/** Worker → pool: one document at a time, so no single message is huge. */
type WorkerReply =
  | { ready: true }
  | { id: number; document: YamlDocument }
  | { id: number; done: true }
  | { id: number; error: string };

interface PendingJob extends ParseJob {
  documents: YamlDocument[];
  resolve(documents: YamlDocument[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: PendingJob;
  timer?: NodeJS.Timeout;
}

/** Marks the worker threads this pool starts, in their `workerData`. */
const PARSER_WORKER = 'slipwayYamlParser';

/** Runs in a parser worker: answers parse jobs from the pool. */
function serveYamlParses(): void {
  const port = parentPort!;
  port.on('message', (job: ParseJob) => {
    let outcome;
    try {
      outcome = parseYamlDocuments(job.text, job.file, job.limits);
    } catch (e) {
      outcome = { error: `${job.file}: ${(e as Error).message}` };
    }
    if ('error' in outcome) {
      port.postMessage({ id: job.id, error: outcome.error });
      return;
    }
    for (const document of outcome.documents) {
      port.postMessage({ id: job.id, document });
    }
    port.postMessage({ id: job.id, done: true });
  });
  port.postMessage({ ready: true });
}

// A worker started by the pool loads this very module, which then serves.
// A statement at load, not an export the worker calls: the production build
// drops exports nothing imports, and would leave the worker nothing to run.
if (!isMainThread && workerData?.[PARSER_WORKER]) serveYamlParses();

/**
 * A small pool of YAML parser threads, so a hostile file never blocks the
 * event loop. Workers start on first use, do not keep the process alive
 * while idle, and are replaced when they die, run out of heap or pass the
 * time cap; the file being parsed then fails with a message naming it.
 */
export class YamlWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: PendingJob[] = [];
  private nextId = 1;

  constructor(
    private readonly options: { size: number; workerHeapMb: number },
  ) {}

  parse(
    text: string,
    file: string,
    limits: ManifestLimits,
  ): Promise<YamlDocument[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        text,
        file,
        limits,
        documents: [],
        resolve,
        reject,
      });
      this.pump();
    });
  }

  /** Stops every worker; queued and running parses fail. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const job of this.queue.splice(0)) {
      job.reject(new RenderError(`${job.file}: the YAML parser was stopped`));
    }
    await Promise.all(
      slots.map(slot => {
        this.finish(slot, new RenderError('the YAML parser was stopped'));
        return slot.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find(s => s.ready && !s.job);
      if (!slot) {
        if (
          this.slots.length < this.options.size &&
          this.slots.every(s => s.ready)
        ) {
          this.slots.push(this.startWorker());
        }
        return;
      }
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private dispatch(slot: Slot, job: PendingJob): void {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      this.retire(
        slot,
        new RenderError(
          `${job.file}: parsing took longer than the ${job.limits.timeoutMs} ms cap`,
        ),
      );
    }, job.limits.timeoutMs);
    const { id, text, file, limits } = job;
    slot.worker.postMessage({ id, text, file, limits } satisfies ParseJob);
  }

  private startWorker(): Slot {
    // Running from TypeScript sources (tests, `backstage-cli package
    // start`), the worker needs a transform like the main thread's, unless
    // a `--require` hook already gave it one (Node runs those in workers).
    const preload = __filename.endsWith('.ts')
      ? [require.resolve('@backstage/cli/config/nodeTransform.cjs')]
      : [];
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       if (!require.extensions['.ts']) {
         for (const hook of workerData.preload) require(hook);
       }
       require(workerData.entry);`,
      {
        eval: true,
        workerData: { entry: __filename, preload, [PARSER_WORKER]: true },
        resourceLimits: {
          maxOldGenerationSizeMb: this.options.workerHeapMb,
          maxYoungGenerationSizeMb: 16,
          stackSizeMb: 4,
        },
      },
    );
    const slot: Slot = { worker, ready: false };
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', error => {
      const heap =
        (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, undefined, file =>
        heap
          ? `${file}: parsing needed more than the ${this.options.workerHeapMb} MiB heap cap of the YAML parser`
          : `${file}: the YAML parser failed: ${(error as Error).message}`,
      );
    });
    worker.on('exit', code => {
      this.retire(
        slot,
        undefined,
        file => `${file}: the YAML parser stopped (exit code ${code})`,
      );
    });
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      slot.worker.unref();
      this.pump();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    if ('document' in reply) {
      job.documents.push(reply.document);
    } else if ('done' in reply) {
      this.finish(slot);
      job.resolve(job.documents);
      this.pump();
    } else {
      this.finish(slot);
      job.reject(new RenderError(reply.error));
      this.pump();
    }
  }

  /** Clears the slot's job (failing it when `error` is given). */
  private finish(slot: Slot, error?: Error): void {
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    slot.timer = undefined;
    slot.worker.unref();
    if (job && error) job.reject(error);
  }

  /**
   * Removes a worker that timed out, failed or exited. Its job fails; when
   * it never became ready, the queued jobs fail too (the next one would
   * fail the same way), else they move to a fresh worker.
   */
  private retire(
    slot: Slot,
    error: RenderError | undefined,
    describe?: (file: string) => string,
  ): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    this.finish(slot);
    void slot.worker.terminate();
    if (job) job.reject(error ?? new RenderError(describe!(job.file)));
    if (!slot.ready) {
      for (const queued of this.queue.splice(0)) {
        queued.reject(error ?? new RenderError(describe!(queued.file)));
      }
    }
    this.pump();
  }
}
