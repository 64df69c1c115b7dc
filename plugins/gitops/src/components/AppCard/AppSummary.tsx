import { StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { GitopsApp, SLIPWAY_ANNOTATIONS } from '@internal/plugin-gitops-common';
import { StatusLabel } from '../common';
import { parseRefusals, RefusalList } from '../ProjectRefusals';

const shortSha = (sha: string) => sha.slice(0, 12);

const commitLine = (app: GitopsApp) =>
  app.commitMessage
    ? `${app.commitMessage.split('\n')[0]} (${app.commitAuthor ?? 'unknown'}, ${
        app.commitDate ? new Date(app.commitDate).toLocaleString() : ''
      })`
    : '';

// What the entity's sync policy and the app's pin make of automatic syncs.
function autoSync(policy: string | undefined, pinned: boolean): string {
  if (policy !== 'auto') return 'off (manual sync policy)';
  return pinned ? 'paused (pinned)' : 'on';
}

/** Sync, health, revision and pinning of one app. */
export const AppSummary = ({ app }: { app: GitopsApp }) => {
  const { entity } = useEntity();
  const policy = entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.syncPolicy];
  // A project's refusals read as one row per object; other messages as text.
  const refusals = parseRefusals(app.message);
  return (
    <StructuredMetadataTable
      metadata={{
        sync: <StatusLabel status={app.syncStatus} />,
        health: <StatusLabel status={app.healthStatus} />,
        message: refusals ? (
          <RefusalList parsed={refusals} />
        ) : (
          app.message ?? ''
        ),
        revision: app.revision ? shortSha(app.revision) : 'none yet',
        commit: commitLine(app),
        'auto-sync': autoSync(policy, Boolean(app.pinnedRevision)),
        pinned: app.pinnedRevision
          ? `at ${shortSha(
              app.pinnedRevision,
            )}: auto-sync paused until unpinned`
          : 'no',
        'last sync': app.lastRunResult ? (
          <StatusLabel status={app.lastRunResult} />
        ) : (
          'never'
        ),
        updated: new Date(app.updatedAt).toLocaleString(),
      }}
    />
  );
};
