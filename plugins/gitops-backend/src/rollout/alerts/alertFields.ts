import type { RolloutAlert } from '@slipway/plugin-gitops-node';

/** The alert's fields, led by its cluster unless the engine already named it. */
export function alertFields(
  alert: RolloutAlert,
): Array<{ title: string; value: string }> {
  const fields = alert.fields ?? [];
  if (!alert.cluster || fields.some(f => f.title === 'Cluster')) return fields;
  return [{ title: 'Cluster', value: alert.cluster }, ...fields];
}

/** Flagger's defaults for an AlertProvider without channel or username. */
export const DEFAULT_CHANNEL = 'general';
export const DEFAULT_USERNAME = 'flagger';
