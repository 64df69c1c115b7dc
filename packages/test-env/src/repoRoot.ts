import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The monorepo root, found from this package's location (through its
 * workspace link) or, failing that, by walking up from the working directory.
 */
export function repoRoot(): string {
  const starts: string[] = [];
  try {
    starts.push(
      path.dirname(require.resolve('@internal/test-env/package.json')),
    );
  } catch {
    // Not resolvable outside the workspace; fall back to the working directory.
  }
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'scripts', 'infra'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `Cannot find the Slipway repository root above ${starts.join(' or ')}`,
  );
}
