import { useState } from 'react';
import { Content, EmptyState, Header, Page } from '@backstage/core-components';
import { LoadedContent } from '../common';
import { applyFilters, FleetFilters, FleetRow } from './fleetRows';
import { FleetFilterBar } from './FleetFilterBar';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { useFleet } from './useFleet';

const FilteredFleet = ({ rows }: { rows: FleetRow[] }) => {
  const [filters, setFilters] = useState<FleetFilters>({});
  if (!rows.length) {
    return (
      <EmptyState
        missing="data"
        title="No apps yet"
        description="Apps appear here once entities annotated with slipway.dev/repo have been reconciled."
      />
    );
  }
  return (
    <>
      <FleetSummary rows={rows} filters={filters} onChange={setFilters} />
      <FleetFilterBar rows={rows} filters={filters} onChange={setFilters} />
      <FleetTable rows={applyFilters(rows, filters)} total={rows.length} />
    </>
  );
};

/**
 * Props of {@link GitopsFleetPage}.
 *
 * @public
 */
export interface FleetPageProps {
  /** How often the fleet is read again; 30 s by default. */
  pollIntervalMs?: number;
}

/** The `/gitops` page: every app of every Slipway entity, with state filters and counts. */
export const FleetPage = ({ pollIntervalMs }: FleetPageProps) => {
  const fleet = useFleet(pollIntervalMs);
  return (
    <Page themeId="tool">
      <Header
        title="GitOps fleet"
        subtitle="Sync status and health of every app on every cluster"
      />
      <Content>
        <LoadedContent state={fleet} what="the fleet">
          {rows => <FilteredFleet rows={rows} />}
        </LoadedContent>
      </Content>
    </Page>
  );
};
