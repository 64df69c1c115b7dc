import { Table } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { RolloutCheck } from '@slipway/plugin-gitops-common';
import { tableColumns, wholeTableOptions } from '../common';
import {
  formatRange,
  MetricSummary,
  summarizeMetricChecks,
} from './summarizeMetricChecks';

const columns = (threshold?: number) =>
  tableColumns<MetricSummary>([
    { title: 'Metric', field: 'name' },
    { title: 'Threshold range', render: m => formatRange(m.min, m.max) },
    { title: 'Last value', render: m => m.last.value ?? 'no value' },
    { title: 'Result', render: m => (m.last.passed ? 'Passed' : 'Failed') },
    {
      title: 'Failed checks',
      render: m => (threshold ? `${m.failed} of ${threshold}` : m.failed),
    },
    { title: 'Message', render: m => m.last.message ?? '', wrap: true },
  ]);

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
  const failed = { backgroundColor: alpha(theme.palette.error.main, 0.15) };
  return (
    <section aria-label="Metric checks">
      <Table<MetricSummary>
        columns={columns(threshold)}
        data={metrics}
        options={{
          ...wholeTableOptions,
          rowStyle: (m: MetricSummary) => (m.last.passed ? {} : failed),
        }}
      />
    </section>
  );
};
