import { StructuredMetadataTable } from '@backstage/core-components';
import { GitopsApp } from '@internal/plugin-gitops-common';
import { StatusLabel } from '../common';

const shortSha = (sha: string) => sha.slice(0, 12);

const commitLine = (app: GitopsApp) =>
  app.commitMessage
    ? `${app.commitMessage.split('\n')[0]} (${app.commitAuthor ?? 'unknown'}, ${
        app.commitDate ? new Date(app.commitDate).toLocaleString() : ''
      })`
    : '';

/** Sync, health, revision and pinning of one app. */
export const AppSummary = ({ app }: { app: GitopsApp }) => (
  <StructuredMetadataTable
    metadata={{
      sync: <StatusLabel status={app.syncStatus} />,
      health: <StatusLabel status={app.healthStatus} />,
      message: app.message ?? '',
      revision: app.revision ? shortSha(app.revision) : 'none yet',
      commit: commitLine(app),
      'auto-sync': app.pinnedRevision ? 'paused (pinned)' : 'on',
      pinned: app.pinnedRevision
        ? `at ${shortSha(app.pinnedRevision)}: auto-sync paused until unpinned`
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
