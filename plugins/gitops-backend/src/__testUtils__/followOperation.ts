import type { GitopsApp, SyncOperation } from '@slipway/plugin-gitops-common';
import { waitUntil } from '@internal/test-env';
import request from 'supertest';

type Server = Parameters<typeof request>[0];

const finished = (operation?: SyncOperation) =>
  Boolean(operation && !['Pending', 'Running'].includes(operation.status));

/**
 * Posts an app action (`.../apps/:cluster/sync` and the like), checks it
 * was accepted as an operation (202), and follows the operation until it
 * ends, as the portal does. Resolves with the finished operation and the
 * app then.
 */
export async function runAppAction(
  server: Server,
  actionPath: string,
  body: object = {},
  headers: Record<string, string> = {},
): Promise<{ operation: SyncOperation; app: GitopsApp }> {
  const accepted = await request(server)
    .post(actionPath)
    .set(headers)
    .send(body);
  if (accepted.status !== 202) {
    throw new Error(
      `${actionPath} answered ${accepted.status}: ${JSON.stringify(accepted.body)}`,
    );
  }
  const appPath = actionPath.replace(/\/[a-z]+$/, '');
  return waitUntil(
    async () =>
      (
        await request(server)
          .get(`${appPath}/operations/${accepted.body.operation.id}`)
          .set(headers)
      ).body as { operation: SyncOperation; app: GitopsApp },
    {
      description: `operation ${accepted.body.operation.id} (${actionPath}) to finish`,
      timeoutMs: 60_000,
      until: res => finished(res.operation),
    },
  );
}
