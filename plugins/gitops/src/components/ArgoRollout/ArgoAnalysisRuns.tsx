import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { ArgoAnalysisRunView } from '@slipway/plugin-gitops-common';
import { oneLineCell, textCell, Time } from '../common';
import { AnalysisPhaseChip } from './ArgoPhaseChip';
import { ANALYSIS_RUN_KINDS } from './argoView';

type Metric = ArgoAnalysisRunView['metrics'][number];

const HEADERS = [
  'AnalysisRun / metric',
  'Kind',
  'Phase',
  'Measurements',
  'Latest value',
  'Measured',
  'Message',
];

const Cell = ({
  children,
  wrap,
  colSpan,
}: {
  children?: React.ReactNode;
  wrap?: boolean;
  colSpan?: number;
}) => (
  <TableCell style={wrap ? textCell : oneLineCell} colSpan={colSpan}>
    {children}
  </TableCell>
);

// `kubectl argo rollouts get`'s counts: ✔ successful ✖ failed ⚠ error ? inconclusive.
const Counts = ({ metric }: { metric: Metric }) => {
  const counts: Array<[string, number, string]> = [
    ['✔', metric.successful, 'successful'],
    ['✖', metric.failed, 'failed'],
    ['⚠', metric.error, 'error'],
    ['?', metric.inconclusive, 'inconclusive'],
  ];
  return (
    <span
      aria-label={counts.map(([, n, word]) => `${n} ${word}`).join(', ')}
      title={`${metric.count} measured`}
    >
      {counts.map(([sign, n]) => `${sign} ${n}`).join(' ')}
    </span>
  );
};

const MetricRow = ({ run, metric }: { run: string; metric: Metric }) => {
  const theme = useTheme();
  const { latest } = metric;
  return (
    <TableRow aria-label={`metric ${metric.name} of ${run}`}>
      <TableCell style={{ ...oneLineCell, paddingLeft: theme.spacing(4) }}>
        {metric.name}
        {metric.dryRun && ' (dry run)'}
      </TableCell>
      <Cell>metric</Cell>
      <Cell>
        <AnalysisPhaseChip phase={metric.phase} />
      </Cell>
      <Cell>
        <Counts metric={metric} />
      </Cell>
      <Cell>{latest?.value ?? (latest ? 'no value' : 'not measured yet')}</Cell>
      <Cell>{latest && <Time at={latest.finishedAt} />}</Cell>
      <Cell wrap>{latest?.message ?? ''}</Cell>
    </TableRow>
  );
};

const failedPhases = ['Failed', 'Error'];

/**
 * An Argo Rollout's AnalysisRuns, newest first as the backend lists them:
 * each run's kind, phase and message, then each of its metrics with its
 * phase, measurement counts and newest measurement.
 */
export const ArgoAnalysisRuns = ({ runs }: { runs: ArgoAnalysisRunView[] }) => {
  const theme = useTheme();
  const failed = { backgroundColor: alpha(theme.palette.error.main, 0.15) };
  return (
    <section aria-label="Analysis runs">
      <Table size="small">
        <TableHead>
          <TableRow>
            {HEADERS.map(h => (
              <Cell key={h}>{h}</Cell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => [
            <TableRow
              key={run.name}
              aria-label={`AnalysisRun ${run.name}`}
              style={failedPhases.includes(run.phase) ? failed : undefined}
            >
              <Cell>
                <strong>{run.name}</strong>
              </Cell>
              <Cell>{ANALYSIS_RUN_KINDS[run.kind] ?? run.kind}</Cell>
              <Cell>
                <AnalysisPhaseChip phase={run.phase} />
              </Cell>
              <Cell wrap colSpan={4}>
                {run.message ?? ''}
              </Cell>
            </TableRow>,
            ...run.metrics.map(metric => (
              <MetricRow
                key={`${run.name}/${metric.name}`}
                run={run.name}
                metric={metric}
              />
            )),
          ])}
          {runs.length === 0 && (
            <TableRow>
              <Cell colSpan={HEADERS.length}>
                <Typography variant="body2">No AnalysisRun yet.</Typography>
              </Cell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </section>
  );
};
