import { Table } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { describeAutoSync, StatusLabel, tableColumns } from '../common';
import { FleetRow } from './fleetRows';

const columns = tableColumns<FleetRow>([
  {
    title: 'Entity',
    customSort: (a, b) => a.entityRef.localeCompare(b.entityRef),
    render: row => <EntityRefLink entityRef={row.entityRef} />,
  },
  {
    title: 'Owner',
    render: row =>
      row.owner ? (
        <EntityRefLink entityRef={row.owner} defaultKind="group" />
      ) : (
        ''
      ),
  },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Sync',
    field: 'syncStatus',
    render: row => <StatusLabel status={row.syncStatus} />,
  },
  {
    title: 'Health',
    field: 'healthStatus',
    render: row => <StatusLabel status={row.healthStatus} />,
  },
  { title: 'Revision', render: row => row.revision?.slice(0, 12) ?? '' },
  {
    title: 'Auto-sync',
    render: row => describeAutoSync(row.syncPolicy, row.pinnedRevision),
  },
  {
    title: 'Last run',
    render: row =>
      row.lastRunResult ? <StatusLabel status={row.lastRunResult} /> : 'never',
  },
  { title: 'Message', field: 'message', wrap: true },
]);

/** The fleet's apps, one row per entity and cluster. */
export const FleetTable = ({
  rows,
  total,
}: {
  rows: FleetRow[];
  total: number;
}) => (
  <Table<FleetRow>
    title={
      rows.length === total
        ? `${total} apps`
        : `${rows.length} of ${total} apps`
    }
    columns={columns}
    data={rows}
    options={{
      paging: rows.length > 50,
      pageSize: 50,
      search: true,
      padding: 'dense',
    }}
  />
);
