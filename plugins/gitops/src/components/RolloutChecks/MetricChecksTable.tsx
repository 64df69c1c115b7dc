import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { RolloutCheck } from '@internal/plugin-gitops-common';
import { formatRange, summarizeMetricChecks } from './summarizeMetricChecks';

/**
 * Each metric's newest measurement against its range; a metric whose newest
 * check failed is red. Failed counts are per metric, while the rollback
 * threshold counts every failed check of the run
 * (docs/rollout-engine.md#checks-and-rollback).
 */
export const MetricChecksTable = ({
  checks,
  threshold,
}: {
  checks: RolloutCheck[];
  threshold?: number;
}) => {
  const theme = useTheme();
  const metrics = summarizeMetricChecks(checks);
  if (metrics.length === 0) {
    return (
      <Typography variant="body2">
        No metric was measured in this run yet.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Metric checks">
      <TableHead>
        <TableRow>
          <TableCell>Metric</TableCell>
          <TableCell>Threshold range</TableCell>
          <TableCell>Last value</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>Failed checks</TableCell>
          <TableCell>Message</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {metrics.map(m => (
          <TableRow
            key={m.name}
            aria-label={m.name}
            style={
              m.last.passed
                ? undefined
                : { backgroundColor: alpha(theme.palette.error.main, 0.15) }
            }
          >
            <TableCell>{m.name}</TableCell>
            <TableCell>{formatRange(m.min, m.max)}</TableCell>
            <TableCell>{m.last.value ?? 'no value'}</TableCell>
            <TableCell>{m.last.passed ? 'Passed' : 'Failed'}</TableCell>
            <TableCell>
              {threshold ? `${m.failed} of ${threshold}` : m.failed}
            </TableCell>
            <TableCell>{m.last.message ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
