import { Table } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { RolloutCheck } from '@slipway/plugin-gitops-common';
import { tableColumns, Time, wholeTableOptions } from '../common';

const columns = tableColumns<RolloutCheck>([
  { title: 'Type', render: h => h.hookType ?? 'rollout' },
  { title: 'Name', field: 'name' },
  { title: 'Status', render: h => h.status ?? 'no answer' },
  { title: 'Result', render: h => (h.passed ? 'Passed' : 'Failed') },
  { title: 'Message', render: h => h.message ?? '', wrap: true },
  { title: 'At', render: h => <Time at={h.at} /> },
]);

/** Every webhook call of a run, oldest first; a webhook passes with a status of 200 to 202 (docs/rollout-engine.md#webhooks). */
export const WebhookResults = ({ checks }: { checks: RolloutCheck[] }) => {
  const theme = useTheme();
  const hooks = checks.filter(c => c.kind === 'webhook');
  if (hooks.length === 0) {
    return (
      <Typography variant="body2">
        No webhook was called in this run.
      </Typography>
    );
  }
  const failed = { backgroundColor: alpha(theme.palette.error.main, 0.15) };
  return (
    <section aria-label="Webhook results">
      <Table<RolloutCheck>
        columns={columns}
        data={hooks}
        options={{
          ...wholeTableOptions,
          rowStyle: (h: RolloutCheck) => (h.passed ? {} : failed),
        }}
      />
    </section>
  );
};
