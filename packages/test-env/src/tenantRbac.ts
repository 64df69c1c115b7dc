import fs from 'node:fs';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import {
  deployerName,
  SLIPWAY_SERVICE_ACCOUNT,
  systemNamespaceOf,
  TenantRbacLayout,
  tenantRbacObjects,
} from './tenantRbacObjects';

export type { TenantRbacLayout, TenantSpec } from './tenantRbacObjects';
export { tenantRbacObjects, checkTenantLayout } from './tenantRbacObjects';

export interface TenantRbacOptions extends TenantRbacLayout {
  /** Admin kubeconfig of the cluster (its current context). */
  kubeconfigPath: string;
  /** Lifetime asked for Slipway's token (default one year). */
  tokenExpirationSeconds?: number;
}

/** What a Slipway cluster entry (`auth: token`) and its projects need. */
export interface TenantRbac {
  slipwayCluster: {
    url: string;
    /** PEM of the API server's certificate authority. */
    caData: string;
    /** A bound ServiceAccount token of Slipway's own identity. */
    token: string;
  };
  /** Per team: the destination's `serviceAccount` and its namespaces. */
  tenants: Record<string, { serviceAccount: string; namespaces: string[] }>;
}

const FIELD_MANAGER = 'slipway-tenant-rbac';
const YEAR_SECONDS = 365 * 24 * 60 * 60;

function caPemOf(config: KubeConfig): string {
  const cluster = config.getCurrentCluster();
  if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString();
  if (cluster?.caFile) return fs.readFileSync(cluster.caFile, 'utf8');
  throw new Error(
    `the kubeconfig's cluster '${cluster?.name}' names no certificate authority`,
  );
}

/**
 * Sets up the cluster so Slipway runs as a non-admin and each team's
 * deliveries are judged by Kubernetes RBAC: Slipway's ServiceAccount reads
 * everything and may only impersonate the teams' deployer ServiceAccounts,
 * each deployer may write delivery kinds in its own namespaces only.
 * Idempotent (server-side apply); every call issues a fresh token.
 */
export async function ensureTenantRbac(
  options: TenantRbacOptions,
): Promise<TenantRbac> {
  const objects = tenantRbacObjects(options);
  const config = new KubeConfig();
  config.loadFromFile(options.kubeconfigPath);
  const client = KubernetesObjectApi.makeApiClient(config);
  for (const object of objects) {
    try {
      await client.patch(
        object,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
    } catch (error) {
      const { kind, metadata } = object;
      const name = [metadata?.namespace, metadata?.name]
        .filter(Boolean)
        .join('/');
      throw new Error(
        `tenant RBAC: applying ${kind} ${name} failed: ${
          (error as Error).message
        }`,
      );
    }
  }

  const system = systemNamespaceOf(options);
  // A bound token from the TokenRequest API: the control plane signs it with
  // its service-account key, and deleting the ServiceAccount revokes it.
  const request = await config
    .makeApiClient(CoreV1Api)
    .createNamespacedServiceAccountToken({
      name: SLIPWAY_SERVICE_ACCOUNT,
      namespace: system,
      body: {
        spec: {
          audiences: [],
          expirationSeconds: options.tokenExpirationSeconds ?? YEAR_SECONDS,
        },
      },
    });
  const token = request.status?.token;
  if (!token)
    throw new Error('tenant RBAC: the TokenRequest returned no token');

  const server = config.getCurrentCluster()?.server;
  if (!server)
    throw new Error("tenant RBAC: the kubeconfig's cluster has no server");
  const tenants: TenantRbac['tenants'] = {};
  for (const [team, spec] of Object.entries(options.tenants)) {
    tenants[team] = {
      serviceAccount: `${system}/${deployerName(team)}`,
      namespaces: [...spec.namespaces],
    };
  }
  return {
    slipwayCluster: { url: server, caData: caPemOf(config), token },
    tenants,
  };
}
