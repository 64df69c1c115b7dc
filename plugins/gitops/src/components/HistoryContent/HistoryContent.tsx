import { useRef, useState } from 'react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { SyncRun } from '@internal/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { AnnotatedEntityOnly, StatusLabel, useEntityApps } from '../common';
import { RunDetails } from '../RunDetails';
import { ActionsTable } from './ActionsTable';

const PAGE_SIZE = 20;

const duration = (run: SyncRun) =>
  run.finishedAt
    ? `${Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)} s`
    : '';

const columns: TableColumn<SyncRun>[] = [
  { title: 'Revision', render: run => run.revision?.slice(0, 12) ?? '' },
  { title: 'Trigger', field: 'trigger' },
  { title: 'Initiator', render: run => run.initiator ?? 'Slipway' },
  { title: 'Started', render: run => new Date(run.startedAt).toLocaleString() },
  { title: 'Duration', render: duration },
  { title: 'Result', render: run => <StatusLabel status={run.result} /> },
  { title: 'Message', field: 'message' },
];

const RunsTable = ({ cluster }: { cluster: string }) => {
  const api = useApi(gitopsApiRef);
  const { entity } = useEntity();
  // Rollbacks add a run: reload the current page to show it.
  const tableRef = useRef<{ onQueryChange: () => void }>();
  return (
    <Table<SyncRun>
      tableRef={tableRef}
      title={`Sync runs on ${cluster}`}
      columns={columns}
      options={{ paging: true, pageSize: PAGE_SIZE, search: false }}
      detailPanel={({ rowData }) => (
        <RunDetails
          run={rowData}
          cluster={cluster}
          onChanged={() => tableRef.current?.onQueryChange()}
        />
      )}
      data={async query => {
        const page = await api.listHistory(getCompoundEntityRef(entity), {
          cluster,
          offset: query.page * query.pageSize,
          limit: query.pageSize,
        });
        return {
          data: page.items,
          page: query.page,
          totalCount: page.totalCount,
        };
      }}
    />
  );
};

const History = () => {
  const { value: apps, loading, error } = useEntityApps();
  const [selected, setSelected] = useState(0);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!apps?.length) {
    return (
      <EmptyState
        missing="data"
        title="No sync history yet"
        description="Runs are recorded from the first reconcile of this entity's apps."
      />
    );
  }
  const app = apps[Math.min(selected, apps.length - 1)];
  return (
    <>
      <Tabs value={apps.indexOf(app)} onChange={(_e, i) => setSelected(i)}>
        {apps.map(a => (
          <Tab key={a.key} label={a.cluster} />
        ))}
      </Tabs>
      <RunsTable key={app.key} cluster={app.cluster} />
      <ActionsTable key={`${app.key}-actions`} cluster={app.cluster} />
    </>
  );
};

/** The History tab: paged sync runs and audited actions per cluster. */
export const HistoryContent = () => (
  <AnnotatedEntityOnly>
    <History />
  </AnnotatedEntityOnly>
);
