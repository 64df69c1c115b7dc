import { useState } from 'react';
import { InfoCard, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { RolloutRun } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { formatDuration, tableColumns, Time, useEntityRef } from '../common';
import { RolloutRunDetails } from './RolloutRunDetails';
import { RunResultLabel } from './RunResultLabel';

const PAGE_SIZE = 10;

const columns = tableColumns<RolloutRun>([
  { title: 'Run', render: run => `#${run.id}` },
  { title: 'Result', render: run => <RunResultLabel result={run.result} /> },
  { title: 'Revision', field: 'revision' },
  { title: 'Commit', render: run => run.commit?.slice(0, 12) ?? '' },
  { title: 'Started', render: run => <Time at={run.startedAt} /> },
  {
    title: 'Duration',
    render: run => formatDuration(run.startedAt, run.finishedAt),
  },
  { title: 'Message', render: run => run.message ?? '', wrap: true },
]);

/** Every run of one rollout, newest first and paged; clicking a run opens its checks and events. */
export const RolloutRunsTable = ({
  cluster,
  rollout,
}: {
  cluster: string;
  rollout: string;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const [selected, setSelected] = useState<RolloutRun>();
  return (
    <>
      <Table<RolloutRun>
        title={`Past rollouts of ${rollout}`}
        columns={columns}
        options={{
          paging: true,
          pageSize: PAGE_SIZE,
          search: false,
          padding: 'dense',
        }}
        onRowClick={(_event, run) => setSelected(run)}
        data={async query => {
          const page = await api.listRolloutRuns(ref, cluster, rollout, {
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
      {selected && (
        <Box mt={2}>
          <InfoCard
            title={`Run #${selected.id} of ${rollout}: ${selected.result}`}
            subheader={selected.message}
          >
            <RolloutRunDetails
              key={selected.id}
              cluster={cluster}
              run={selected}
            />
          </InfoCard>
        </Box>
      )}
    </>
  );
};
