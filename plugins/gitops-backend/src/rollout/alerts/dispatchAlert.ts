import type { AlertProvider, RolloutAlert } from '@internal/plugin-gitops-node';
import type { AlertSeverity, AlertSpec } from '../spec/types';
import type { AlertProviderSpec } from './parseAlertProvider';

export interface AlertDelivery {
  /** The alert's name in `analysis.alerts`. */
  name: string;
  ok: boolean;
  error?: string;
}

export interface DispatchAlertInput {
  alert: RolloutAlert;
  /** `spec.analysis.alerts`. */
  alertSpecs: AlertSpec[];
  /** The app's parsed AlertProvider documents. */
  providerDocs: AlertProviderSpec[];
  providers: (type: string) => AlertProvider | undefined;
  readSecret(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined>;
  /** The rollout's namespace; default: the part of `alert.target` after its last dot. */
  namespace?: string;
  signal?: AbortSignal;
}

const RANK: Record<AlertSeverity, number> = { info: 0, warn: 1, error: 2 };

/** `info` subscribers get everything, `warn` warnings and errors, `error` errors only (§10). */
export function wantsAlert(
  subscribed: AlertSeverity,
  severity: AlertSeverity,
): boolean {
  return RANK[severity] >= RANK[subscribed];
}

/**
 * Sends an alert to every destination in `analysis.alerts` whose severity
 * filter lets it through, all at once. Never throws: each destination
 * reports whether it got the alert and, if not, why.
 */
export async function dispatchAlert(
  input: DispatchAlertInput,
): Promise<AlertDelivery[]> {
  const { alert } = input;
  const namespace =
    input.namespace ?? alert.target.slice(alert.target.lastIndexOf('.') + 1);
  const subscribed = input.alertSpecs.filter(a =>
    wantsAlert(a.severity, alert.severity),
  );
  return Promise.all(
    subscribed.map(async spec => {
      try {
        await deliver(input, spec, namespace);
        return { name: spec.name, ok: true };
      } catch (error) {
        return { name: spec.name, ok: false, error: (error as Error).message };
      }
    }),
  );
}

async function deliver(
  input: DispatchAlertInput,
  spec: AlertSpec,
  namespace: string,
) {
  const refNamespace = spec.providerRef.namespace ?? namespace;
  const doc = input.providerDocs.find(
    d =>
      d.name === spec.providerRef.name &&
      (d.namespace ?? namespace) === refNamespace,
  );
  if (!doc) {
    throw new Error(
      `AlertProvider ${spec.providerRef.name}.${refNamespace} not found`,
    );
  }
  const provider = input.providers(doc.type);
  if (!provider) {
    throw new Error(`no alert provider of type "${doc.type}" is installed`);
  }

  let { address, proxy } = doc;
  let token: string | undefined;
  if (doc.secretRef) {
    const secretNamespace = doc.namespace ?? namespace;
    const secret = await input.readSecret(secretNamespace, doc.secretRef.name);
    if (!secret) {
      throw new Error(
        `secret ${secretNamespace}/${doc.secretRef.name} of AlertProvider ${doc.name} not found`,
      );
    }
    address = secret.address || address;
    proxy = secret.proxy || proxy;
    token = secret.token || undefined;
  }
  if (!address) {
    throw new Error(
      `AlertProvider ${doc.name} has no address, and its secret has no address key`,
    );
  }
  await provider.send(input.alert, {
    address,
    channel: doc.channel,
    username: doc.username,
    proxy,
    token,
    signal: input.signal,
  });
}
