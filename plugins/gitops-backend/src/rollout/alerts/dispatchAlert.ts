import type { AlertProvider, RolloutAlert } from '@slipway/plugin-gitops-node';
import {
  checkTarget,
  OutboundPolicy,
  OutboundRefusedError,
} from '../../outbound';
import type { AlertSeverity, AlertSpec } from '../spec/types';
import type { AlertProviderSpec } from './parseAlertProvider';
import type { GuardedAlertDestination } from './sendAlertJson';

export interface AlertDelivery {
  /** The alert's name in `analysis.alerts`. */
  name: string;
  ok: boolean;
  error?: string;
  /**
   * Set when the rollout's own documents or project kept the alert from
   * being sent (an AlertProvider missing or invalid, its secret or address
   * missing, a host not allowed), not the destination: something for the
   * rollout's owners to fix, so it belongs in the rollout's events.
   */
  misconfigured?: true;
}

/** An AlertProvider rendered beside the rollout that did not parse, and why. */
export interface InvalidAlertProvider {
  name: string;
  namespace?: string;
  errors: string[];
}

/** What the rollout's documents got wrong, as opposed to a failed delivery. */
class AlertConfigError extends Error {}

export interface DispatchAlertInput {
  alert: RolloutAlert;
  /** `spec.analysis.alerts`. */
  alertSpecs: AlertSpec[];
  /** The app's parsed AlertProvider documents. */
  providerDocs: AlertProviderSpec[];
  /**
   * The app's AlertProviders that did not parse: an alert naming one is
   * reported undelivered saying why, where it would otherwise find nothing.
   */
  invalidProviders?: InvalidAlertProvider[];
  providers: (type: string) => AlertProvider | undefined;
  readSecret(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined>;
  /**
   * The rollout's namespace, the only one AlertProviders and their secrets
   * resolve in; default: the part of `alert.target` after its last dot.
   */
  namespace?: string;
  /** Where alerts may be sent: the project's outboundHosts. */
  policy: OutboundPolicy;
  signal?: AbortSignal;
}

const RANK: Record<AlertSeverity, number> = { info: 0, warn: 1, error: 2 };

/** `info` subscribers get everything, `warn` warnings and errors, `error` errors only. */
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
        const delivery: AlertDelivery = {
          name: spec.name,
          ok: false,
          error: (error as Error).message,
        };
        if (
          error instanceof AlertConfigError ||
          error instanceof OutboundRefusedError
        )
          delivery.misconfigured = true;
        return delivery;
      }
    }),
  );
}

/**
 * The AlertProvider an alert names, only ever in the rollout's own namespace:
 * a reference to, or a document declared in, another namespace would pick
 * that namespace's secret.
 */
function findProvider(
  input: DispatchAlertInput,
  spec: AlertSpec,
  namespace: string,
): AlertProviderSpec {
  const { name } = spec.providerRef;
  const refNamespace = spec.providerRef.namespace ?? namespace;
  if (refNamespace !== namespace) {
    throw new AlertConfigError(
      `providerRef ${name}.${refNamespace} is outside the rollout's namespace '${namespace}': AlertProviders resolve only there`,
    );
  }
  const here = (d: { namespace?: string }) =>
    (d.namespace ?? namespace) === namespace;
  const named = input.providerDocs.filter(d => d.name === name);
  const doc = named.find(here);
  if (doc) return doc;
  // A provider that did not parse is there all the same: say what is wrong
  // with it, which "not found" would hide.
  const invalid = (input.invalidProviders ?? []).filter(d => d.name === name);
  const broken = invalid.find(here);
  if (broken) {
    throw new AlertConfigError(
      `AlertProvider ${name}.${namespace} is invalid: ${broken.errors.join(
        '; ',
      )}`,
    );
  }
  const elsewhere = [...named, ...invalid].find(
    d => d.namespace !== undefined,
  )?.namespace;
  throw new AlertConfigError(
    elsewhere
      ? `AlertProvider ${name} is declared in namespace '${elsewhere}', outside the rollout's namespace '${namespace}': AlertProviders resolve only there`
      : `AlertProvider ${name}.${namespace} not found`,
  );
}

async function deliver(
  input: DispatchAlertInput,
  spec: AlertSpec,
  namespace: string,
) {
  const doc = findProvider(input, spec, namespace);
  const provider = input.providers(doc.type);
  if (!provider) {
    throw new AlertConfigError(
      `no alert provider of type "${doc.type}" is installed`,
    );
  }

  let { address, proxy } = doc;
  let token: string | undefined;
  if (doc.secretRef) {
    const secret = await input.readSecret(namespace, doc.secretRef.name);
    if (!secret) {
      throw new AlertConfigError(
        `secret ${namespace}/${doc.secretRef.name} of AlertProvider ${doc.name} not found`,
      );
    }
    // As in Flagger, a secretRef's address is the only one: never a
    // fallback to the spec's (parsing refuses a provider with both).
    address = secret.address || undefined;
    proxy = secret.proxy || proxy;
    token = secret.token || undefined;
  }
  if (!address) {
    throw new AlertConfigError(
      doc.secretRef
        ? `AlertProvider ${doc.name} has no address: its secret ${namespace}/${doc.secretRef.name} has no "address" key`
        : `AlertProvider ${doc.name} has no address`,
    );
  }
  if (!URL.canParse(address)) {
    // Only a secret's address can get here unchecked; it is not quoted.
    throw new AlertConfigError(
      `AlertProvider ${doc.name} has an address that is not an absolute URL in its secret`,
    );
  }
  // Checked here too, so a module's provider, which makes its own calls,
  // is never handed a host the project does not allow.
  checkTarget(new URL(address), input.policy, 'URL');
  if (proxy) checkTarget(new URL(proxy), input.policy, 'proxy');
  const destination: GuardedAlertDestination = {
    address,
    channel: doc.channel,
    username: doc.username,
    proxy,
    token,
    signal: input.signal,
    policy: input.policy,
  };
  await provider.send(input.alert, destination);
}
