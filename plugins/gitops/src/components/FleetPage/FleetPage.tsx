import { useState } from 'react';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { applyFilters, FleetFilters } from './fleetRows';
import { FleetFilterBar } from './FleetFilterBar';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { useFleet } from './useFleet';

const Fleet = () => {
  const { value: rows, loading, error } = useFleet();
  const [filters, setFilters] = useState<FleetFilters>({});
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!rows?.length) {
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

/** The `/gitops` page: every app of every Slipway entity, with state filters and counts. */
export const FleetPage = () => (
  <Page themeId="tool">
    <Header
      title="GitOps fleet"
      subtitle="Sync status and health of every app on every cluster"
    />
    <Content>
      <Fleet />
    </Content>
  </Page>
);
