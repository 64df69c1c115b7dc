import fs from 'node:fs';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import { NamespaceAllowList } from './NamespaceAllowList';

/** One entry of `slipway.clusters`, checked and turned into a client config. */
export interface ClusterSettings {
  name: string;
  auth: ClusterAuth;
  kubeConfig: KubeConfig;
  namespaces: NamespaceAllowList;
  /** True when the entry had no `namespaces` key (so everything is refused). */
  namespacesMissing: boolean;
}

export type ClusterAuth = 'token' | 'kubeconfig' | 'inCluster';

export interface ClusterConfigOptions {
  /**
   * Where the pod's service-account files are for `inCluster` (the client's
   * default is the real mount); tests point it at a folder of their own.
   */
  inClusterPathPrefix?: string;
}

const AUTH_KEYS: Record<ClusterAuth, string[]> = {
  token: ['url', 'caData', 'token'],
  kubeconfig: ['kubeconfigPath', 'kubeconfigContext'],
  inCluster: [],
};
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Reads and checks `slipway.clusters`; errors name the entry and the key. */
export function readClusterConfigs(config: Config, options: ClusterConfigOptions = {}): ClusterSettings[] {
  const entries = config.getOptionalConfigArray('slipway.clusters') ?? [];
  const settings = entries.map((entry, index) => readEntry(entry, index, options));
  const seen = new Set<string>();
  for (const { name } of settings) {
    if (seen.has(name)) throw new InputError(`slipway.clusters: the name '${name}' is used twice`);
    seen.add(name);
  }
  return settings;
}

function readEntry(entry: Config, index: number, options: ClusterConfigOptions): ClusterSettings {
  const at = `slipway.clusters[${index}]`;
  const rawName = entry.getOptional('name');
  if (typeof rawName !== 'string' || !NAME.test(rawName)) {
    throw new InputError(
      `${at}.name must be a name of letters, digits, '.', '_' or '-' (entities list clusters by it)`,
    );
  }
  const name = rawName;
  const where = `${at} (cluster '${name}')`;
  const str = (key: string): string | undefined => {
    const value = entry.getOptional(key);
    if (value !== undefined && typeof value !== 'string') throw new InputError(`${where}: '${key}' must be a string`);
    return value === '' ? undefined : value;
  };
  const required = (key: string, auth: string): string => {
    const value = str(key);
    if (!value) throw new InputError(`${where}: '${key}' is required for auth '${auth}'`);
    return value;
  };

  const auth = authOf(entry, str('auth'), where);
  for (const [other, keys] of Object.entries(AUTH_KEYS)) {
    if (other === auth) continue;
    const stray = keys.find(key => entry.has(key));
    if (stray) throw new InputError(`${where}: '${stray}' belongs to auth '${other}', but auth is '${auth}'`);
  }

  const kubeConfig = new KubeConfig();
  if (auth === 'token') {
    const url = required('url', auth);
    if (!/^https:\/\/[^\s/]+/.test(url)) throw new InputError(`${where}: 'url' must be an https:// URL`);
    kubeConfig.loadFromOptions({
      clusters: [{ name, server: url, caData: caDataOf(str('caData'), where), skipTLSVerify: false }],
      users: [{ name, token: required('token', auth) }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    });
  } else if (auth === 'kubeconfig') {
    loadKubeconfig(kubeConfig, required('kubeconfigPath', auth), str('kubeconfigContext'), where);
  } else {
    loadInCluster(kubeConfig, options.inClusterPathPrefix ?? '', where);
  }

  const namespaces = namespacesOf(entry, where);
  return {
    name,
    auth,
    kubeConfig,
    namespaces: new NamespaceAllowList(namespaces ?? []),
    namespacesMissing: namespaces === undefined,
  };
}

function authOf(entry: Config, auth: string | undefined, where: string): ClusterAuth {
  if (auth === undefined) {
    // Older configs name no auth: infer it only when the keys leave no doubt.
    if (entry.has('kubeconfigPath')) return 'kubeconfig';
    if (entry.has('url') || entry.has('token')) return 'token';
    throw new InputError(`${where}: 'auth' is required (token, kubeconfig or inCluster)`);
  }
  if (auth in AUTH_KEYS) return auth as ClusterAuth;
  throw new InputError(`${where}: 'auth' must be token, kubeconfig or inCluster, not '${auth}'`);
}

/** The client wants base64 CA data; config may hold the PEM itself or base64 of it. */
function caDataOf(caData: string | undefined, where: string): string | undefined {
  if (!caData) return undefined;
  const pem = caData.includes('-----BEGIN') ? caData : Buffer.from(caData, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    // Never echo the value: a misplaced token could end up here.
    throw new InputError(`${where}: 'caData' must be a PEM certificate or its base64 encoding`);
  }
  return Buffer.from(pem).toString('base64');
}

function loadKubeconfig(kc: KubeConfig, path: string, context: string | undefined, where: string) {
  if (!fs.existsSync(path)) throw new InputError(`${where}: 'kubeconfigPath' ${path} does not exist`);
  try {
    kc.loadFromFile(path);
  } catch (error) {
    // The parser's message may quote the file; keep only its first line.
    const reason = (error as Error).message.split('\n')[0];
    throw new InputError(`${where}: 'kubeconfigPath' ${path} is not a valid kubeconfig (${reason})`);
  }
  if (context) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map(c => c.name).join(', ') || 'none';
      throw new InputError(`${where}: 'kubeconfigContext' ${context} is not in ${path} (contexts: ${known})`);
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) {
    throw new InputError(`${where}: ${path} has no current context; set 'kubeconfigContext'`);
  }
}

function loadInCluster(kc: KubeConfig, prefix: string, where: string) {
  const { KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: port } = process.env;
  if (!host || !port) {
    throw new InputError(
      `${where}: auth 'inCluster' needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT; is the backend running in a pod?`,
    );
  }
  const token = `${prefix}${SERVICE_ACCOUNT}/token`;
  if (!fs.existsSync(token)) {
    throw new InputError(`${where}: auth 'inCluster' needs the service-account token at ${token}`);
  }
  kc.loadFromCluster(prefix);
}

function namespacesOf(entry: Config, where: string): string[] | undefined {
  if (!entry.has('namespaces')) return undefined;
  const raw = entry.getOptional('namespaces');
  if (!Array.isArray(raw) || raw.some(v => typeof v !== 'string')) {
    throw new InputError(`${where}: 'namespaces' must be a list of namespace names, or ['*']`);
  }
  for (const ns of raw as string[]) {
    if (ns !== '*' && !NAMESPACE.test(ns)) {
      throw new InputError(
        `${where}: 'namespaces' entry '${ns}' is not a namespace name (use '*' alone to allow all)`,
      );
    }
  }
  return raw as string[];
}
