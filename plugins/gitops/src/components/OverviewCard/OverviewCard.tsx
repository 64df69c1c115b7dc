import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import { LoadedContent, StatusLabel, useEntityApps } from '../common';
import { RolloutGlance } from './RolloutGlance';

/**
 * Props of {@link EntityGitopsOverviewCard}.
 *
 * @public
 */
export interface OverviewCardProps {
  /** How often the apps and rollouts are read again. */
  pollIntervalMs?: number;
}

/** Sync and health per cluster at a glance, and the rollout state when the entity has a canary. */
export const OverviewCard = ({ pollIntervalMs }: OverviewCardProps) => {
  const { entity } = useEntity();
  const hasCanary = Boolean(
    entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.canary],
  );
  const apps = useEntityApps(pollIntervalMs);
  return (
    <InfoCard
      title="Delivery"
      deepLink={{ title: 'View GitOps status', link: 'gitops' }}
    >
      <LoadedContent state={apps} what="the delivery state">
        {list =>
          list.length ? (
            list.map(app => (
              <div key={app.key}>
                <Typography component="div">
                  <strong>{app.cluster}</strong>:{' '}
                  <StatusLabel status={app.syncStatus} />{' '}
                  <StatusLabel status={app.healthStatus} />
                </Typography>
                {hasCanary && (
                  <RolloutGlance
                    cluster={app.cluster}
                    pollIntervalMs={pollIntervalMs}
                  />
                )}
              </div>
            ))
          ) : (
            <Typography>Not reconciled yet.</Typography>
          )
        }
      </LoadedContent>
    </InfoCard>
  );
};
