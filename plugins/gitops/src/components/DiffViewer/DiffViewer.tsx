import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    padding: theme.spacing(1, 0),
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
  line: { display: 'block', padding: theme.spacing(0, 1), whiteSpace: 'pre' },
  added: { backgroundColor: 'rgba(46, 160, 67, 0.2)' },
  removed: { backgroundColor: 'rgba(248, 81, 73, 0.2)' },
  hunk: { color: theme.palette.info.main },
  header: { color: theme.palette.text.secondary, fontWeight: 'bold' },
  context: {},
}));

type LineKind = 'added' | 'removed' | 'hunk' | 'header' | 'context';

function kindOf(line: string): LineKind {
  // File headers come first: "+++"/"---" are not added/removed lines.
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('@@')) return 'hunk';
  return 'context';
}

/** A unified diff (live → desired) in a monospace block, additions and removals coloured. */
export const DiffViewer = ({ diff }: { diff: string }) => {
  const classes = useStyles();
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <pre className={classes.diff} aria-label="diff from live to desired">
      {lines.map((line, i) => {
        const kind = kindOf(line);
        return (
          <code
            key={i}
            data-kind={kind}
            className={`${classes.line} ${classes[kind]}`}
          >
            {line || ' '}
          </code>
        );
      })}
    </pre>
  );
};
