// The local demo infrastructure (control plane, git server, Prometheus,
// traffic simulator), started for a browser test and stopped after it.
import { spawn } from 'node:child_process';

export async function startDemo(root, { readyWithinMs = 20 * 60_000 } = {}) {
  const demo = spawn(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', 'packages/test-env/src/demo.ts'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  demo.stdout.on('data', d => (log += d));
  demo.stderr.on('data', d => (log += d));
  const kill = () => {
    try {
      process.kill(-demo.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', kill);

  const deadline = Date.now() + readyWithinMs; // a first run builds the control plane
  while (!log.includes('demo: ready')) {
    if (demo.exitCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`demo infrastructure did not start:\n${log}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return {
    /** The app-config layer the demo wrote: clusters, metrics server, git reader. */
    configPath: /demo: ready (\S+)/.exec(log)[1],
    /** The traffic simulator's control API, to make a canary fail its analysis. */
    trafficUrl: /demo: traffic (\S+)/.exec(log)?.[1],
    /** Stops the demo and waits for it to stop what it started (the control plane). */
    async stop() {
      const exited = new Promise(r => demo.once('exit', r));
      kill();
      await Promise.race([exited, new Promise(r => setTimeout(r, 60_000))]);
    },
  };
}
