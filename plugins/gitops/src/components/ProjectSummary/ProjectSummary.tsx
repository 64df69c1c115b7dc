import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { GitopsApp } from '@slipway/plugin-gitops-common';
import { destinationsOn, writerOf } from './destinationsOn';

/** Props of {@link ProjectSummary}. */
export interface ProjectSummaryProps {
  project: NonNullable<GitopsApp['project']>;
  /** The card's cluster: only destinations covering it are listed. */
  cluster: string;
}

/** The app's project and where it may write on this cluster, one short line each. */
export const ProjectSummary = ({ project, cluster }: ProjectSummaryProps) => {
  const here = destinationsOn(project.destinations, cluster);
  const chip = <Chip size="small" variant="outlined" label={project.name} />;
  return (
    <Box mb={1}>
      <Typography variant="body2" component="div">
        Project{' '}
        {project.description ? (
          <Tooltip title={project.description}>{chip}</Tooltip>
        ) : (
          chip
        )}
      </Typography>
      {here.length === 0 ? (
        <Typography variant="caption" color="error" component="div">
          No destination on cluster {cluster}: the project refuses every object
          here
        </Typography>
      ) : (
        here.map((d, i) => (
          <Typography
            key={i}
            variant="caption"
            color="textSecondary"
            component="div"
          >
            Namespaces {d.namespaces.join(', ') || '(none)'} · {writerOf(d)}
          </Typography>
        ))
      )}
    </Box>
  );
};
