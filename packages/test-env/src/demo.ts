/**
 * The local demo's infrastructure: the control plane, a git server on
 * 127.0.0.1:18080 serving `gitops.git` seeded from examples/gitops-repo,
 * and traffic for the example `payments` service (a simulator that splits
 * it by the VirtualService the rollout engine writes, scraped by
 * Prometheus), so its canaries have metrics. Slipway runs there as a
 * non-admin: its own ServiceAccount reads everything and impersonates the
 * deployer ServiceAccounts the projects of app-config.yaml name, which may
 * write only in their team's namespaces. Writes an app-config layer
 * pointing Slipway at all of it, then runs until interrupted. Started by
 * scripts/start.sh; `yarn demo:release` ships a new payments image.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { demoTenantLayout } from './demoTenants';
import { startGitServer } from './gitServer';
import { startKube, stopKube } from './kube';
import { startPrometheus } from './prometheus';
import { ensureRoutingCrds } from './routingCrds';
import { startTrafficSimulator } from './trafficSimulator';
import { repoRoot } from './repoRoot';
import { ensureTenantRbac } from './tenantRbac';
import { kubeAlreadyRunning } from './testEnv';

const GIT_PORT = Number(process.env.SLIPWAY_DEMO_GIT_PORT ?? 18080);

async function filesOf(
  dir: string,
  prefix = '',
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory())
      Object.assign(files, await filesOf(path.join(dir, entry.name), rel));
    else files[rel] = await fs.readFile(path.join(dir, entry.name), 'utf8');
  }
  return files;
}

async function main() {
  const root = repoRoot();
  const state = path.join(root, '.cache', 'demo');
  const gitRoot = path.join(state, 'git');
  await fs.mkdir(gitRoot, { recursive: true });

  // A control plane someone else started (a test run) is left running.
  const ownsKube = !(await kubeAlreadyRunning());
  const kube = await startKube();
  const git = await startGitServer({ root: gitRoot, port: GIT_PORT });
  const seeded = await fs.access(path.join(gitRoot, 'gitops.git')).then(
    () => true,
    () => false,
  );
  if (!seeded) {
    await git.createBareRepo(
      'gitops',
      await filesOf(path.join(root, 'examples', 'gitops-repo')),
    );
  }

  // The example canary routes through Istio: its VirtualService needs the CRD.
  await ensureRoutingCrds(kube.kubeconfigPath);
  const simulator = await startTrafficSimulator({
    apps: [
      {
        name: 'payments',
        namespace: 'payments',
        routing: { provider: 'istio' },
      },
    ],
    kubeconfigPath: kube.kubeconfigPath,
  });
  const prometheus = await startPrometheus({
    scrapeTargets: [simulator.scrapeTarget],
  });

  const layout = demoTenantLayout(
    await fs.readFile(path.join(root, 'app-config.yaml'), 'utf8'),
    'local',
  );
  const { slipwayCluster } = await ensureTenantRbac({
    kubeconfigPath: kube.kubeconfigPath,
    ...layout,
  });

  const configPath = path.join(state, 'app-config.demo.yaml');
  await fs.writeFile(
    configPath,
    [
      '# Written by the local demo: the local control plane as cluster "local",',
      "# reached with the token of Slipway's own ServiceAccount (not an admin).",
      'slipway:',
      '  clusters:',
      '    - name: local',
      '      auth: token',
      `      url: ${JSON.stringify(slipwayCluster.url)}`,
      `      caData: ${JSON.stringify(slipwayCluster.caData)}`,
      `      token: ${JSON.stringify(slipwayCluster.token)}`,
      "      namespaces: ['*']",
      '  sync:',
      '    intervalSeconds: 30',
      '    jitterSeconds: 5',
      '    catalogRefreshSeconds: 10',
      '  rollouts:',
      `    metricsServer: ${JSON.stringify(prometheus.url)}`,
      `  cacheDir: ${JSON.stringify(path.join(state, 'git-cache'))}`,
      '  # The catalog reads catalog-info.yaml of scaffolded services from here.',
      '  gitReader:',
      `    allowedHosts: [${JSON.stringify(new URL(git.url).host)}]`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // It holds Slipway's token; a file from an earlier run keeps its old mode.
  await fs.chmod(configPath, 0o600);
  process.stdout.write(`demo: ready ${configPath}\n`);
  process.stdout.write(
    `demo: git ${git.url}/gitops.git, cluster ${kube.server}, prometheus ${prometheus.url}\n`,
  );
  // Its control API (PUT /apps/payments/workloads/canary {"errorRate":1})
  // lets a script make a canary fail its analysis.
  process.stdout.write(`demo: traffic ${simulator.url}\n`);

  const stop = async () => {
    // A client that keeps its connection open must not keep the control plane up.
    await Promise.race([git.close(), new Promise(r => setTimeout(r, 5_000))]);
    await simulator.close();
    await prometheus.close();
    if (ownsKube) await stopKube();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exit(1);
});
