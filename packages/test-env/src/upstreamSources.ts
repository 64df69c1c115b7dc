import { execFile, ExecException } from 'node:child_process';
import os from 'node:os';

/**
 * Upstream projects whose own documents Slipway's parsers are tested
 * against (plugins/gitops-backend/src/rollout/corpus). Their files are never
 * copied into this repository: the tests fetch the pinned release at run
 * time through the Go module proxy, which serves every Go module's full
 * source tree (docs, examples, CRDs and tests included). Go is on every
 * machine that runs the tests, since the local control plane is built from
 * Go modules too.
 */
export const UPSTREAM_SOURCES = {
  /** Flagger: `Canary`, `MetricTemplate`, `AlertProvider` (flagger.app/v1beta1). */
  flagger: { module: 'github.com/fluxcd/flagger', version: 'v1.36.1' },
  /**
   * Argo Rollouts: `Rollout`, `AnalysisTemplate`, `ClusterAnalysisTemplate`
   * (argoproj.io/v1alpha1). v1.8.3: v1.10 needs a newer Go than some
   * machines have.
   */
  argoRollouts: {
    module: 'github.com/argoproj/argo-rollouts',
    version: 'v1.8.3',
  },
} as const;

export type UpstreamName = keyof typeof UPSTREAM_SOURCES;

/** A module's source tree, unpacked read-only in the Go module cache. */
export interface UpstreamSource {
  module: string;
  version: string;
  /** The unpacked tree, e.g. ~/go/pkg/mod/github.com/fluxcd/flagger@v1.36.1. */
  dir: string;
}

/** What `go mod download -json` prints for one module. */
interface DownloadReport {
  Path?: string;
  Version?: string;
  Dir?: string;
  Error?: string;
}

// A cold download of a large module over a slow link; a cached one takes milliseconds.
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

function goModDownload(target: string): Promise<{
  stdout: string;
  stderr: string;
  error: ExecException | null;
}> {
  return new Promise(resolve => {
    execFile(
      'go',
      ['mod', 'download', '-json', target],
      {
        // Outside any module, so no go.mod or go.work is read or changed.
        cwd: os.tmpdir(),
        env: { ...process.env, GO111MODULE: 'on', GOFLAGS: '', GOWORK: 'off' },
        timeout: DOWNLOAD_TIMEOUT_MS,
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ stdout, stderr, error }),
    );
  });
}

function parseReport(stdout: string): DownloadReport | undefined {
  try {
    return JSON.parse(stdout) as DownloadReport;
  } catch {
    return undefined;
  }
}

/**
 * Downloads `module@version` through the Go module proxy (`GOPROXY`) into
 * the Go module cache, or reuses the cached copy, and returns where its
 * source tree is. Throws a message saying what
 * to do when `go` is missing or the proxy cannot serve the module.
 */
export async function fetchGoModule(
  module: string,
  version: string,
): Promise<UpstreamSource> {
  const target = `${module}@${version}`;
  const { stdout, stderr, error } = await goModDownload(target);
  if (error?.code === 'ENOENT') {
    throw new Error(
      `Cannot fetch ${target}: the Go toolchain ("go") is not on the PATH. ` +
        'The upstream corpus tests read the module through the Go module proxy; ' +
        'install Go (on Debian: apt-get install golang-go) and retry.',
    );
  }
  const report = parseReport(stdout);
  if (error || !report || report.Error || !report.Dir) {
    const reason =
      report?.Error ??
      (error?.killed
        ? `timed out after ${DOWNLOAD_TIMEOUT_MS / 1000} s`
        : error?.message) ??
      'go printed no module directory';
    throw new Error(
      `Cannot fetch ${target} through the Go module proxy (GOPROXY=${
        process.env.GOPROXY ?? 'go env default'
      }): ${reason}${stderr.trim() ? `\n${stderr.trim()}` : ''}`,
    );
  }
  return { module, version, dir: report.Dir };
}

/** Fetches one of the pinned upstream projects (`UPSTREAM_SOURCES`). */
export function fetchUpstreamSource(
  name: UpstreamName,
): Promise<UpstreamSource> {
  const { module, version } = UPSTREAM_SOURCES[name];
  return fetchGoModule(module, version);
}
