import fs from 'node:fs';
import path from 'node:path';

/** Where the kernel's memory controller is mounted: cgroup v2's root, or v1's own hierarchy. */
function memoryHierarchy(): { root: string; limitFile: string } {
  const v2 = '/sys/fs/cgroup';
  const controllers = (dir: string) => {
    try {
      return fs.readFileSync(path.join(dir, 'cgroup.controllers'), 'utf8').split(/\s+/);
    } catch {
      return [];
    }
  };
  if (controllers(v2).includes('memory')) return { root: v2, limitFile: 'memory.max' };
  const v1 = '/sys/fs/cgroup/memory';
  if (fs.existsSync(path.join(v1, 'memory.limit_in_bytes'))) return { root: v1, limitFile: 'memory.limit_in_bytes' };
  throw new Error('BENCH_ENGINE_MEMORY_LIMIT needs a cgroup memory controller (v1 or v2) under /sys/fs/cgroup');
}

/**
 * Starts a process inside a memory cgroup of its own with `limitMiB`, as a
 * container runtime starts a replica: Node sizes V8's heap from the limit it
 * finds at start-up, so the process must be in the group before Node runs.
 * Returns what `fork` needs (a shell that joins the group and then execs
 * Node) and a cleanup that removes the group once the process has exited.
 */
export function memoryLimitedFork(limitMiB: number, nodeArgs: string[]) {
  const { root, limitFile } = memoryHierarchy();
  const group = path.join(root, `slipway-bench-${process.pid}`);
  try {
    fs.mkdirSync(group, { recursive: true });
    fs.writeFileSync(path.join(group, limitFile), String(limitMiB * 1024 * 1024));
  } catch (error) {
    throw new Error(`BENCH_ENGINE_MEMORY_LIMIT could not set up ${group} (it needs root): ${(error as Error).message}`);
  }
  const procs = path.join(group, 'cgroup.procs');
  return {
    execPath: '/bin/sh',
    // fork appends the module and its arguments: "$@" is then the whole Node command line.
    execArgv: ['-c', `echo $$ > ${procs} && exec "$@"`, 'sh', process.execPath, ...nodeArgs],
    remove: () => fs.rmdirSync(group),
  };
}
