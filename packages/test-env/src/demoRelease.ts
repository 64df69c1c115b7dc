/**
 * yarn demo:release [tag=<next>]
 *
 * Ships a new image of the example `payments` service in the running local
 * demo: commits it to the demo's GitOps repository. The sync engine applies
 * it and the rollout engine rolls it out as a canary, to watch on the
 * service's Canary tab.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gitRepos } from './gitRepos';
import { repoRoot } from './repoRoot';

const FILE = 'apps/payments/local/deployment.yaml';
const IMAGE = /image: (\S+):(\S+)/;

async function main() {
  const gitRoot = path.join(repoRoot(), '.cache', 'demo', 'git');
  const bare = path.join(gitRoot, 'gitops.git');
  await fs.access(bare).catch(() => {
    throw new Error('the local demo is not set up: run scripts/start.sh first');
  });
  const { stdout: current } = await promisify(execFile)('git', ['--git-dir', bare, 'show', `main:${FILE}`]);
  const [, image, tag] = current.match(IMAGE) ?? [];
  if (!image) throw new Error(`${FILE} names no image`);
  const next = process.argv[2] ?? nextPatch(tag);
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-demo-release-'));
  try {
    const sha = await gitRepos(gitRoot, 'unused', home).commit(
      'gitops',
      { [FILE]: current.replace(IMAGE, `image: ${image}:${next}`) },
      `payments ${next}`,
    );
    process.stdout.write(`demo:release: payments ${tag} -> ${next} (${sha.slice(0, 7)})\n`);
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

function nextPatch(tag: string): string {
  const parts = tag.split('.').map(Number);
  if (parts.length !== 3 || parts.some(Number.isNaN)) return `${tag}-1`;
  return `${parts[0]}.${parts[1]}.${parts[2] + 1}`;
}

main().catch(error => {
  process.stderr.write(`demo:release: ${error.message}\n`);
  process.exit(1);
});
