import { StructuredMetadataTable } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { GitopsApp, SLIPWAY_ANNOTATIONS } from '@slipway/plugin-gitops-common';
import { describeAutoSync, StatusLabel, Time } from '../common';
import { parseRefusals, RefusalList } from '../ProjectRefusals';

const shortSha = (sha: string) => sha.slice(0, 12);

const CommitLine = ({ app }: { app: GitopsApp }) =>
  app.commitMessage ? (
    <>
      {app.commitMessage.split('\n')[0]} ({app.commitAuthor ?? 'unknown'}
      {app.commitDate && (
        <>
          , <Time at={app.commitDate} />
        </>
      )}
      )
    </>
  ) : null;

/** Sync, health, revision and pinning of one app. */
export const AppSummary = ({ app }: { app: GitopsApp }) => {
  const { entity } = useEntity();
  // The engine's policy when the backend sends it; else the annotation, whose
  // absence means manual.
  const policy =
    app.syncPolicy ??
    (entity.metadata.annotations?.[SLIPWAY_ANNOTATIONS.syncPolicy]?.trim() ===
    'auto'
      ? 'auto'
      : 'manual');
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
        commit: <CommitLine app={app} />,
        'auto-sync': describeAutoSync(policy, app.pinnedRevision),
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
        updated: <Time at={app.updatedAt} />,
      }}
    />
  );
};
