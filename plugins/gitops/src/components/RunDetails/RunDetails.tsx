import { useApi } from '@backstage/core-plugin-api';
import { StructuredMetadataTable, Table } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { SyncRun, SyncRunResource } from '@slipway/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import {
  LoadedContent,
  tableColumns,
  useEntityRef,
  wholeTableOptions,
} from '../common';
import { RunActions } from '../RunActions';

const yesNo = (flag?: boolean) => (flag ? 'yes' : 'no');

const columns = tableColumns<SyncRunResource>([
  { title: 'Resource', render: r => `${r.kind} ${r.name}` },
  { title: 'Namespace', render: r => r.namespace ?? '' },
  { title: 'Result', field: 'result' },
  { title: 'Message', render: r => r.message ?? '', wrap: true },
]);

const ResourceResults = ({ resources }: { resources: SyncRunResource[] }) =>
  resources.length ? (
    <section aria-label="resource results">
      <Table<SyncRunResource>
        columns={columns}
        data={resources}
        options={wholeTableOptions}
      />
    </section>
  ) : (
    <Typography variant="body2">This run touched no resources.</Typography>
  );

/** The expanded history row: commit, flags, per-resource results and actions of one run. */
export const RunDetails = ({
  run,
  cluster,
  onChanged,
}: {
  run: SyncRun;
  cluster: string;
  /** Called after an action, e.g. to reload the runs table. */
  onChanged?: () => void;
}) => {
  const api = useApi(gitopsApiRef);
  const { ref } = useEntityRef();
  const details = useAsyncRetry(
    () => api.getRun(ref, run.id),
    [api, ref, run.id],
  );
  return (
    <Box p={2} aria-label={`details of run ${run.id}`}>
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <StructuredMetadataTable
            metadata={{
              run: `#${run.id}`,
              revision: run.revision ?? 'none',
              commit: run.commitMessage?.split('\n')[0] ?? '',
              author: run.commitAuthor ?? '',
              'dry run': yesNo(run.dryRun),
              prune: yesNo(run.prune),
            }}
          />
          <Box mt={1}>
            <RunActions run={run} cluster={cluster} onChanged={onChanged} />
          </Box>
        </Grid>
        <Grid item xs={12} md={8}>
          <LoadedContent
            state={details}
            what={`the resources of run ${run.id}`}
          >
            {value => <ResourceResults resources={value.resources} />}
          </LoadedContent>
        </Grid>
      </Grid>
    </Box>
  );
};
