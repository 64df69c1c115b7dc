import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './portalBackend';

const packageDir = path.resolve(__dirname, '../..');

/**
 * Builds this package as it would be published (`backstage-cli package
 * build` into dist/) and copies what `files` ships, package.json, bin/ and
 * dist/, to a folder of its own outside the repository: no src/, no
 * node_modules. Returns the path of its bin/slipway. A dist/ the build made
 * is removed again; one that was there before is rebuilt in place.
 */
export async function installBuiltPackage(): Promise<string> {
  const distDir = path.join(packageDir, 'dist');
  const hadDist = await fs.stat(distDir).then(
    () => true,
    () => false,
  );
  const cli = path.join(
    repoRoot,
    'node_modules/@backstage/cli/bin/backstage-cli',
  );
  await promisify(execFile)(process.execPath, [cli, 'package', 'build'], {
    cwd: packageDir,
    timeout: 180_000,
  });
  const installed = await fs.mkdtemp(
    path.join(os.tmpdir(), 'slipway-cli-installed-'),
  );
  for (const entry of ['package.json', 'bin', 'dist']) {
    await fs.cp(path.join(packageDir, entry), path.join(installed, entry), {
      recursive: true,
    });
  }
  if (!hadDist) await fs.rm(distDir, { recursive: true, force: true });
  return path.join(installed, 'bin', 'slipway');
}
