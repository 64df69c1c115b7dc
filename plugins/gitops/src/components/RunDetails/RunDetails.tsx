import { useApi } from '@backstage/core-plugin-api';
import {
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { SyncRun, SyncRunResource } from '@internal/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { useEntityRef } from '../common';
import { RunActions } from '../RunActions';

const yesNo = (flag?: boolean) => (flag ? 'yes' : 'no');

const ResourceResults = ({ resources }: { resources: SyncRunResource[] }) =>
  resources.length ? (
    <Table size="small" aria-label="resource results">
      <TableHead>
        <TableRow>
          <TableCell>Resource</TableCell>
          <TableCell>Namespace</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {resources.map(r => (
          <TableRow key={r.id} aria-label={`${r.kind} ${r.name}`}>
            <TableCell>{`${r.kind} ${r.name}`}</TableCell>
            <TableCell>{r.namespace ?? ''}</TableCell>
            <TableCell>{r.result}</TableCell>
            <TableCell>{r.message ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
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
  const details = useAsync(() => api.getRun(ref, run.id), [api, ref, run.id]);
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
          {details.loading && <Progress />}
          {details.error && <ResponseErrorPanel error={details.error} />}
          {details.value && (
            <ResourceResults resources={details.value.resources} />
          )}
        </Grid>
      </Grid>
    </Box>
  );
};
