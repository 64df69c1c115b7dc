/** Profiles and memory figures the benches take of their own process. */
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import vm from 'node:vm';

// Heap figures are taken after a full GC, so they count what is kept, not garbage.
const collectGarbage: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (v8.setFlagsFromString('--expose-gc'), vm.runInNewContext('gc'));

export const memoryAfterGc = () => {
  collectGarbage();
  const { rss, heapUsed, external } = process.memoryUsage();
  // external counts Buffers and ArrayBuffers held by JS objects.
  return { rss, heap: heapUsed + external };
};

/**
 * Runs `work` between `start` and `stop` posted to an inspector session;
 * with no `file`, just runs it. What `stop` returns is written to `file`.
 */
async function inspected<T>(
  work: () => Promise<T>,
  file: string | undefined,
  start: (session: Session) => Promise<unknown>,
  stop: (session: Session) => Promise<unknown>,
): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await start(session);
  try {
    return await work();
  } finally {
    await fs.writeFile(file, JSON.stringify(await stop(session)));
    session.disconnect();
  }
}

/**
 * With `file`, writes a .cpuprofile of `work` (open it in Chrome DevTools);
 * what `work` measures itself leaves out writing the profile.
 */
export const cpuProfiled = <T>(work: () => Promise<T>, file: string | undefined) =>
  inspected(
    work,
    file,
    async session => {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async session => (await session.post('Profiler.stop')).profile,
  );

/**
 * With `file`, writes a sampling .heapprofile of what `work` allocates that
 * outlives the young generation, garbage included: the old space's growth
 * is what a peak RSS is made of.
 */
export const heapProfiled = <T>(work: () => Promise<T>, file: string | undefined) =>
  inspected(
    work,
    file,
    async session => {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 64 * 1024,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: false,
      });
    },
    async session => (await session.post('HeapProfiler.stopSampling')).profile,
  );

/**
 * The highest RSS seen, sampled every 100 ms, and what it was made of then:
 * V8's heap (its young generation apart) and Buffers; the rest is native
 * memory (TLS, zlib, malloc's free lists) and V8's pooled pages.
 */
export function peakRssSampler() {
  let peak = { rss: process.memoryUsage().rss, heapTotal: 0, youngGeneration: 0, external: 0 };
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > peak.rss) {
      const young = v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space');
      peak = {
        rss: usage.rss,
        heapTotal: usage.heapTotal,
        youngGeneration: young?.space_size ?? 0,
        external: usage.external,
      };
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
