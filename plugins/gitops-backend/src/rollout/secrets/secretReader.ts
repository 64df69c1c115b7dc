import type { RolloutCluster } from '@slipway/plugin-gitops-node';

/** Reads a Secret's data, decoded, as the rollout's cluster user; undefined when it does not exist. */
export function secretReader(cluster: RolloutCluster) {
  return async (
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined> => {
    const secret = await cluster.get({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace,
      name,
    });
    if (!secret) return undefined;
    const data = (secret.data ?? {}) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString('utf8'),
      ]),
    );
  };
}
