import {
  LoopbackServer,
  startLoopbackServer,
} from '@internal/test-env/src/loopbackServer';
import { randomUUID } from 'node:crypto';
import { findOnPath } from './findOnPath';

/** A value no render may ever show: it stands for another team's secret. */
export function victimSecret(): string {
  return `victim-secret-${randomUUID()}`;
}

/** A Secret manifest carrying `secret`, as another team's repository holds it. */
export function victimSecretManifest(secret: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: victim\nstringData:\n  token: ${secret}\n`;
}

/** A loopback HTTP server answering `body` to every request, counting them. */
export async function startCountingServer(
  body: string,
): Promise<LoopbackServer & { requests: string[] }> {
  const requests: string[] = [];
  const server = await startLoopbackServer(async (req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  return { ...server, requests };
}

/** The absolute path of a binary the test cannot run without. */
export function requireBinary(name: string): string {
  const found = findOnPath(name);
  if (!found) {
    throw new Error(
      `${name} is not on PATH: run scripts/infra/tools.sh for kustomize and helm, scripts/setup.sh for bwrap`,
    );
  }
  return found;
}
