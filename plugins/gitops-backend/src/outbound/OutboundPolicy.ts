import type { LookupFunction } from 'node:net';
import type { AppProject } from '@slipway/plugin-gitops-common';
import { allowsOutboundHost } from '@slipway/plugin-gitops-node';

/**
 * Who an outbound call speaks for and where it may go. Every guarded request
 * names one, so no call from a team's documents leaves unchecked.
 */
export interface OutboundPolicy {
  /** Names the policy in refusals, e.g. `project 'payments'`. */
  readonly owner: string;
  /** Whether `host` on `port` may be called; the fixed address refusals apply either way. */
  allowsHost(host: string, port: string): boolean;
  /**
   * Name resolution at connect time; `dns.lookup` when absent. Tests give a
   * hosts-style resolver to point a name at an address they cannot serve.
   */
  readonly lookup?: LookupFunction;
}

/** Calls a project's documents ask for: only its `outboundHosts`. */
export function projectOutboundPolicy(
  project: AppProject,
  lookup?: LookupFunction,
): OutboundPolicy {
  return {
    owner: `project '${project.name}'`,
    allowsHost: (host, port) => allowsOutboundHost(project, host, port),
    lookup,
  };
}

/**
 * Calls to servers the operator configured (`slipway.rollouts.metricsServer`):
 * any host, still never a link-local or metadata address.
 */
export function operatorOutboundPolicy(
  lookup?: LookupFunction,
): OutboundPolicy {
  return { owner: 'operator config', allowsHost: () => true, lookup };
}
