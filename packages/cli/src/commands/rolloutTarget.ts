import type { RolloutSummary } from '@slipway/plugin-gitops-common';
import { AppTarget, appPath } from '../api/resolveApp';
import type { SlipwayClient } from '../api/SlipwayClient';
import { CliError, ExitCode } from '../exitCodes';

/**
 * The rollout a command acts on: the one named, else the app's only
 * rollout document (an app usually has one canary, `slipway.dev/canary`).
 */
export async function rolloutOf(
  client: SlipwayClient,
  target: AppTarget,
  name?: string,
): Promise<{ rollout: RolloutSummary; all: RolloutSummary[] }> {
  const { items } = await client.call('listRollouts', {
    path: appPath(target),
  });
  // Entries without a kind are app-level problems, not documents.
  const documents = items.filter(r => r.kind);
  const names = documents.map(r => r.name).join(', ') || 'none';
  if (name) {
    const rollout = items.find(r => r.name === name);
    if (!rollout) {
      throw new CliError(
        ExitCode.NotFound,
        `No rollout '${name}' on ${target.key} (rollouts: ${names})`,
      );
    }
    return { rollout, all: items };
  }
  if (documents.length === 1) return { rollout: documents[0], all: items };
  if (!documents.length) {
    const problems = items.flatMap(r => r.errors);
    throw new CliError(
      ExitCode.NotFound,
      `${target.key} has no rollout${
        problems.length ? `: ${problems.join('; ')}` : ''
      }`,
    );
  }
  throw new CliError(
    ExitCode.Usage,
    `${target.key} has ${documents.length} rollouts (${names}): name one`,
  );
}
