import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './freePort';
import { waitUntil } from './waitUntil';

const PROMETHEUS_BIN = '/usr/bin/prometheus';
const READY_TIMEOUT_MS = 60_000;

export interface PrometheusOptions {
  /** `host:port` (path `/metrics`) or full URLs such as `http://127.0.0.1:8080/stats`. */
  scrapeTargets: string[];
  /** Prometheus duration; the scrape timeout equals it. */
  scrapeInterval?: string;
}

export interface Prometheus {
  url: string;
  /**
   * Runs an instant query. Returns the value of a scalar or a single-series
   * vector; undefined when there is no series or the value is NaN (what
   * Flagger calls "no values found"); throws on several series or a matrix.
   */
  query(promql: string): Promise<number | undefined>;
  /** Polls `query` until it returns a value that `accept` takes. */
  waitFor(
    promql: string,
    accept?: (value: number) => boolean,
    timeoutMs?: number,
  ): Promise<number>;
  close(): Promise<void>;
}

/** Installs Debian's prometheus package when the binary is missing (root only). */
async function ensurePrometheusBinary(): Promise<void> {
  if (existsSync(PROMETHEUS_BIN)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `prometheus: ${PROMETHEUS_BIN} is missing; run "apt-get install -y prometheus" as root`,
    );
  }
  const run = promisify(execFile);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update', '-qq'], { env });
    await run(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'],
      {
        env,
        maxBuffer: 64 << 20,
      },
    );
    // We run the binary ourselves: the package's systemd unit stays disabled.
    await run('deb-systemd-helper', ['disable', 'prometheus.service'], {
      env: {
        ...env,
        DPKG_MAINTSCRIPT_PACKAGE: 'prometheus',
        _DEB_SYSTEMD_HELPER_TOOLCHAIN: '1',
      },
    }).catch(() => undefined);
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(
      `prometheus: installing Debian's prometheus package failed: ${
        failure.stderr || failure.message
      }`,
    );
  }
}

/** Groups targets into scrape jobs by scheme and metrics path. */
function scrapeConfigs(targets: string[]) {
  const jobs = new Map<
    string,
    { scheme: string; path: string; targets: string[] }
  >();
  for (const target of targets) {
    const parsed = new URL(
      /^[a-z]+:\/\//.test(target) ? target : `http://${target}/metrics`,
    );
    const scheme = parsed.protocol.replace(':', '');
    const metricsPath = parsed.pathname === '/' ? '/metrics' : parsed.pathname;
    const key = `${scheme} ${metricsPath}`;
    if (!jobs.has(key))
      jobs.set(key, { scheme, path: metricsPath, targets: [] });
    jobs.get(key)!.targets.push(parsed.host);
  }
  return [...jobs.values()].map((job, i) => ({
    job_name: `slipway-test-${i}`,
    scheme: job.scheme,
    metrics_path: job.path,
    static_configs: [{ targets: job.targets }],
  }));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve(true);
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (!(await waitForExit(child, 10_000))) {
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
  }
}

/**
 * Starts Debian's Prometheus on 127.0.0.1 with its config and TSDB in a
 * temporary folder, scraping the given targets, and waits for `/-/ready`.
 */
export async function startPrometheus(
  options: PrometheusOptions,
): Promise<Prometheus> {
  await ensurePrometheusBinary();
  // The free port is probed before Prometheus binds it: retry if another process won the race.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/address already in use/.test(String(error)))
        throw error;
    }
  }
}

async function startOnce(options: PrometheusOptions): Promise<Prometheus> {
  const scrapeInterval = options.scrapeInterval ?? '1s';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  // JSON is valid YAML, so no YAML library is needed.
  await fs.writeFile(
    configFile,
    JSON.stringify({
      global: {
        scrape_interval: scrapeInterval,
        scrape_timeout: scrapeInterval,
        evaluation_interval: scrapeInterval,
      },
      scrape_configs: scrapeConfigs(options.scrapeTargets),
    }),
  );

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', chunk => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let spawnError: Error | undefined;
  child.on('error', error => {
    spawnError = error;
  });

  const cleanup = async () => {
    await stopProcess(child);
    await fs.rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      await cleanup();
      throw new Error(
        `prometheus exited before it was ready (${
          spawnError?.message ?? `code ${child.exitCode}`
        }): ${log.trim()}`,
      );
    }
    const ready = await fetch(`${url}/-/ready`).then(
      res => res.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await cleanup();
      throw new Error(
        `prometheus not ready after ${READY_TIMEOUT_MS} ms: ${log.trim()}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }

  const query = async (promql: string): Promise<number | undefined> => {
    const res = await fetch(
      `${url}/api/v1/query?${new URLSearchParams({ query: promql })}`,
    );
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: any };
    };
    if (!res.ok || body.status !== 'success' || !body.data) {
      throw new Error(
        `Prometheus query failed (${res.status}): ${
          body.error ?? 'unknown error'
        }`,
      );
    }
    const { resultType, result } = body.data;
    let raw: string;
    if (resultType === 'scalar') {
      raw = result[1];
    } else if (resultType === 'vector') {
      if (result.length === 0) return undefined;
      if (result.length > 1) {
        throw new Error(
          `Prometheus query returned ${result.length} series: ${promql}`,
        );
      }
      raw = result[0].value[1];
    } else {
      throw new Error(
        `Prometheus query returned a ${resultType}, not one value: ${promql}`,
      );
    }
    const value = parseFloat(raw);
    return Number.isNaN(value) ? undefined : value;
  };

  const waitFor = async (
    promql: string,
    accept: (value: number) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<number> =>
    (await waitUntil(() => query(promql), {
      description: promql,
      timeoutMs,
      intervalMs: 250,
      until: value => value !== undefined && accept(value),
    }))!;

  return { url, query, waitFor, close: cleanup };
}
