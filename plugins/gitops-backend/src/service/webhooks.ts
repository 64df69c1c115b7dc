import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError, InputError } from '@backstage/errors';
import { Request } from 'express';

/** Git hosts whose push webhooks trigger an immediate refresh. */
export type WebhookProvider = 'github' | 'gitlab' | 'gitea';

const equal = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const hmacHex = (secret: string, body: Buffer) =>
  createHmac('sha256', secret).update(body).digest('hex');

/**
 * Checks a push webhook against the shared secret the way each host signs
 * it, and returns the repository URLs the push names. Anything unsigned or
 * wrongly signed is refused before the body is parsed.
 */
export function verifyPushWebhook(
  provider: WebhookProvider,
  req: Request,
  rawBody: Buffer,
  secret: string,
): { repoUrls: string[]; ref?: string } {
  const header = (name: string) => req.header(name) ?? '';
  let verified = false;
  if (provider === 'github') {
    verified = equal(header('x-hub-signature-256'), `sha256=${hmacHex(secret, rawBody)}`);
  } else if (provider === 'gitea') {
    verified = equal(header('x-gitea-signature'), hmacHex(secret, rawBody));
  } else {
    // GitLab sends the secret itself, not a signature.
    verified = equal(header('x-gitlab-token'), secret);
  }
  if (!verified) {
    throw new AuthenticationError(`Webhook signature does not match the ${provider} secret`);
  }

  let payload: any;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InputError('Webhook body is not JSON');
  }
  const repo = payload?.repository ?? payload?.project ?? {};
  const repoUrls = [repo.clone_url, repo.html_url, repo.git_http_url, repo.http_url, repo.web_url]
    .filter((u: unknown): u is string => typeof u === 'string' && u.length > 0);
  if (!repoUrls.length) throw new InputError('Webhook body names no repository URL');
  return { repoUrls, ref: typeof payload.ref === 'string' ? payload.ref : undefined };
}
