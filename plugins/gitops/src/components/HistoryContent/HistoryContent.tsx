import { useCallback, useRef, useState } from 'react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { EmptyState, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import {
  GitopsApp,
  gitopsAppChannel,
  SyncRun,
} from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import {
  AnnotatedEntityOnly,
  formatDuration,
  LoadedContent,
  StatusLabel,
  tableColumns,
  Time,
  useEntityApps,
  useOnSignal,
} from '../common';
import { RunDetails } from '../RunDetails';
import { ActionsTable } from './ActionsTable';

const PAGE_SIZE = 20;

const columns = tableColumns<SyncRun>([
  { title: 'Revision', render: run => run.revision?.slice(0, 12) ?? '' },
  { title: 'Trigger', field: 'trigger' },
  { title: 'Initiator', render: run => run.initiator ?? 'Slipway' },
  { title: 'Started', render: run => <Time at={run.startedAt} /> },
  {
    title: 'Duration',
    render: run => formatDuration(run.startedAt, run.finishedAt),
  },
  { title: 'Result', render: run => <StatusLabel status={run.result} /> },
  { title: 'Message', field: 'message', wrap: true },
]);

const RunsTable = ({ app }: { app: GitopsApp }) => {
  const { cluster } = app;
  const api = useApi(gitopsApiRef);
  const { entity } = useEntity();
  // Rollbacks add a run: reload the current page to show it.
  const tableRef = useRef<{ onQueryChange: () => void }>();
  // So does every sync: the app's signal says a run started or ended.
  useOnSignal([gitopsAppChannel(app.key)], () =>
    tableRef.current?.onQueryChange(),
  );
  // The table mounts this as a component: a new function on every render
  // (each poll of the tab) would remount an open row, closing its dialogs.
  const detailPanel = useCallback(
    ({ rowData }: { rowData: SyncRun }) => (
      <RunDetails
        run={rowData}
        cluster={cluster}
        onChanged={() => tableRef.current?.onQueryChange()}
      />
    ),
    [cluster],
  );
  return (
    <Table<SyncRun>
      tableRef={tableRef}
      title={`Sync runs on ${cluster}`}
      columns={columns}
      options={{ paging: true, pageSize: PAGE_SIZE, search: false }}
      detailPanel={detailPanel}
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

const ClusterHistory = ({ apps }: { apps: GitopsApp[] }) => {
  const [selected, setSelected] = useState(0);
  const app = apps[Math.min(selected, apps.length - 1)];
  return (
    <>
      <Tabs value={apps.indexOf(app)} onChange={(_e, i) => setSelected(i)}>
        {apps.map(a => (
          <Tab key={a.key} label={a.cluster} />
        ))}
      </Tabs>
      <RunsTable key={app.key} app={app} />
      <ActionsTable key={`${app.key}-actions`} cluster={app.cluster} />
    </>
  );
};

/**
 * Props of {@link EntityGitopsHistoryContent}.
 *
 * @public
 */
export interface HistoryContentProps {
  /** How often the entity's apps (the cluster tabs) are read again. */
  pollIntervalMs?: number;
}

const History = ({ pollIntervalMs }: HistoryContentProps) => {
  const apps = useEntityApps(pollIntervalMs);
  return (
    <LoadedContent state={apps} what="this entity's apps">
      {list =>
        list.length ? (
          <ClusterHistory apps={list} />
        ) : (
          <EmptyState
            missing="data"
            title="No sync history yet"
            description="Runs are recorded from the first reconcile of this entity's apps."
          />
        )
      }
    </LoadedContent>
  );
};

/** The History tab: paged sync runs and audited actions per cluster. */
export const HistoryContent = (props: HistoryContentProps) => (
  <AnnotatedEntityOnly>
    <History {...props} />
  </AnnotatedEntityOnly>
);
