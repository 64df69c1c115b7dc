import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import { RolloutCheck } from '@internal/plugin-gitops-common';

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
  return (
    <Table size="small" aria-label="Webhook results">
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Name</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>Message</TableCell>
          <TableCell>At</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {hooks.map(h => (
          <TableRow
            key={h.id}
            aria-label={`${h.hookType ?? 'rollout'} ${h.name}`}
            style={
              h.passed
                ? undefined
                : { backgroundColor: alpha(theme.palette.error.main, 0.15) }
            }
          >
            <TableCell>{h.hookType ?? 'rollout'}</TableCell>
            <TableCell>{h.name}</TableCell>
            <TableCell>{h.status ?? 'no answer'}</TableCell>
            <TableCell>{h.passed ? 'Passed' : 'Failed'}</TableCell>
            <TableCell>{h.message ?? ''}</TableCell>
            <TableCell>{new Date(h.at).toLocaleTimeString()}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
