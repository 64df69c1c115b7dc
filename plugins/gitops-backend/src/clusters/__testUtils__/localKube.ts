import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';

/** The local control plane's kubeconfig, set by the jest global setup (`kube`). */
export function localKubeconfigPath(): string {
  const path = process.env.KUBECONFIG;
  if (!path)
    throw new Error(
      'KUBECONFIG is unset: the jest global setup must start the local control plane',
    );
  return path;
}

/** Server URL, CA (base64) and bearer token of the local control plane's token user. */
export function localTokenAccess(): {
  url: string;
  caData: string;
  token: string;
} {
  const kc = new KubeConfig();
  kc.loadFromFile(localKubeconfigPath());
  const cluster = kc.getCluster('slipway');
  const token = kc.getUser('slipway-token')?.token;
  if (!cluster?.caData || !token)
    throw new Error(
      'The local kubeconfig lacks the slipway cluster CA or token user',
    );
  return { url: cluster.server, caData: cluster.caData, token };
}

/** A DNS-safe name unique to this test run. */
export const uniqueName = (prefix: string) =>
  `${prefix}-${randomBytes(3).toString('hex')}`;
