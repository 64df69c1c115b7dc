import { HealthStatus } from '@slipway/plugin-gitops-common';

/**
 * Best to worst, as Argo CD's gitops-engine orders them (`healthOrder`).
 * Missing sits below Degraded so a failure outranks an absence.
 */
export const HEALTH_ORDER: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Whether `candidate` is a worse health than `current`. */
export function isWorseHealth(
  current: HealthStatus,
  candidate: HealthStatus,
): boolean {
  return HEALTH_ORDER.indexOf(candidate) > HEALTH_ORDER.indexOf(current);
}
