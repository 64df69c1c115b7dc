import { execFileSync } from 'node:child_process';

export const ARGO_ROLLOUTS_MODULE = 'github.com/argoproj/argo-rollouts@v1.8.3';

let dir: string | undefined;

/**
 * The Argo Rollouts source tree, from the Go module cache: `go mod
 * download -json` fetches it once and prints where it lives. Argo's files
 * are read from there at test time, never copied into the repository.
 */
export function argoRolloutsDir(): string {
  if (!dir) {
    const out = execFileSync(
      'go',
      ['mod', 'download', '-json', ARGO_ROLLOUTS_MODULE],
      {
        encoding: 'utf8',
        // Outside any module, so the download does not touch a go.mod.
        cwd: '/',
        timeout: 300_000,
      },
    );
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (!info.Dir) {
      throw new Error(
        `go mod download ${ARGO_ROLLOUTS_MODULE}: ${info.Error ?? out}`,
      );
    }
    dir = info.Dir;
  }
  return dir;
}
