import { GitopsApp } from '@slipway/plugin-gitops-common';

/** One app with the owner of its entity, as the fleet table lists it. */
export interface FleetRow extends GitopsApp {
  /** Full owner ref, e.g. `group:default/team-a`; undefined if the catalog has none. */
  owner?: string;
}

/** The columns the fleet page filters on. */
export type FleetField = 'syncStatus' | 'healthStatus' | 'cluster' | 'owner';

export type FleetFilters = Partial<Record<FleetField, string>>;

/** Rows matching every set filter. */
export function applyFilters(
  rows: FleetRow[],
  filters: FleetFilters,
): FleetRow[] {
  return rows.filter(row =>
    (Object.keys(filters) as FleetField[]).every(
      field => !filters[field] || row[field] === filters[field],
    ),
  );
}

/** How many rows hold each value of a field, most common first. */
export function countBy(
  rows: FleetRow[],
  field: FleetField,
): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = row[field];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
