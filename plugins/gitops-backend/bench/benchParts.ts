/** What the benches build the same way: the local cluster and a reconciler over it. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { ClusterRegistry } from '../src/clusters/ClusterRegistry';
import type { GitopsStore } from '../src/database/GitopsStore';
import { AppReconciler } from '../src/sync/AppReconciler';

/** A logger that says nothing: the benches print their own figures. */
export const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The local control plane as cluster `local`, through its kubeconfig. */
export function localClusters(
  kubeconfigPath: string,
  namespaces = ['*'],
): ClusterRegistry {
  return ClusterRegistry.fromConfig(
    new ConfigReader({
      slipway: {
        clusters: [
          { name: 'local', auth: 'kubeconfig', kubeconfigPath, namespaces },
        ],
      },
    }),
  );
}

/**
 * A reconciler with its own repository cache in a fresh directory; as
 * configured by default, one ref listing serves every app for 10 s.
 */
export async function benchReconciler(deps: {
  store: GitopsStore;
  clusters: ClusterRegistry;
  logger: LoggerService;
}): Promise<{ reconciler: AppReconciler; repos: RepoCache; cacheDir: string }> {
  const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-bench-'));
  const repos = new RepoCache({ cacheDir, refsMaxAgeMs: 10_000 });
  const reconciler = new AppReconciler({ ...deps, repos, renderers: [] });
  return { reconciler, repos, cacheDir };
}
