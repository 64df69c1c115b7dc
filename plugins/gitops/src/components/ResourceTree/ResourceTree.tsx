import { Fragment, useState } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AppResource } from '@slipway/plugin-gitops-common';
import { oneLineCell, StatusLabel, textCell } from '../common';
import { DiffViewer } from '../DiffViewer';
import { flattenTree } from './buildTree';

const useStyles = makeStyles(theme => ({
  kind: { color: theme.palette.text.secondary, marginRight: theme.spacing(1) },
}));

const ResourceRow = ({
  resource,
  depth,
}: {
  resource: AppResource;
  depth: number;
}) => {
  const classes = useStyles();
  const [showDiff, setShowDiff] = useState(false);
  const hasDiff = Boolean(resource.diff) && resource.syncStatus !== 'Synced';
  const label = `${resource.kind} ${resource.name}`;
  return (
    <Fragment>
      <TableRow aria-label={label} data-depth={depth}>
        <TableCell style={{ ...oneLineCell, paddingLeft: 16 + depth * 24 }}>
          {depth > 0 && '└ '}
          <span className={classes.kind}>{resource.kind}</span>
          {resource.name}
        </TableCell>
        <TableCell style={oneLineCell}>
          {resource.syncStatus ? (
            <StatusLabel status={resource.syncStatus} />
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell style={oneLineCell}>
          {resource.healthStatus ? (
            <StatusLabel status={resource.healthStatus} />
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell style={textCell}>{resource.message ?? ''}</TableCell>
        <TableCell style={oneLineCell}>
          {hasDiff && (
            <Button
              size="small"
              aria-expanded={showDiff}
              aria-label={`${showDiff ? 'Hide' : 'Show'} diff of ${label}`}
              onClick={() => setShowDiff(s => !s)}
            >
              {showDiff ? 'Hide diff' : 'Diff'}
            </Button>
          )}
        </TableCell>
      </TableRow>
      {showDiff && resource.diff && (
        <TableRow>
          <TableCell colSpan={5}>
            <DiffViewer diff={resource.diff} />
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
};

/**
 * An app's resources as an owner tree with sync, health, message and diff
 * each. Not core-components' Table: rows nest by owner and open their diff
 * in place, with a toggle that names its resource.
 */
export const ResourceTree = ({ resources }: { resources: AppResource[] }) => {
  if (!resources.length) {
    return <Typography variant="body2">No resources recorded yet.</Typography>;
  }
  // The same cell styles as the plugin's other tables: words stay whole.
  return (
    <Table size="small" aria-label="resources">
      <TableHead>
        <TableRow>
          {['Resource', 'Sync', 'Health', 'Message', ''].map(title => (
            <TableCell key={title} style={oneLineCell}>
              {title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {flattenTree(resources).map(({ resource, depth }) => (
          <ResourceRow key={resource.id} resource={resource} depth={depth} />
        ))}
      </TableBody>
    </Table>
  );
};
