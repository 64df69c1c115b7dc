import { createHmac } from 'node:crypto';
import { Request } from 'express';
import { verifyPushWebhook, WebhookProvider } from './webhooks';

const secret = 'hook-s3cret';
const repoUrl = 'https://git.example.com/team/deploy.git';
const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repoUrl } }));
const hmac = (payload: Buffer, key = secret) => createHmac('sha256', key).update(payload).digest('hex');

// Only req.header() is read: header names are case-insensitive, as in express.
const requestWith = (headers: Record<string, string>) =>
  ({
    header: (name: string) =>
      Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
  }) as unknown as Request;

// What each host sends for a payload, signed with a given secret.
const signedHeaders: Record<WebhookProvider, (payload: Buffer, key?: string) => Record<string, string>> = {
  github: (payload, key) => ({ 'X-Hub-Signature-256': `sha256=${hmac(payload, key)}` }),
  gitea: (payload, key) => ({ 'X-Gitea-Signature': hmac(payload, key) }),
  gitlab: (_payload, key = secret) => ({ 'X-GitLab-Token': key }),
};

describe('verifyPushWebhook', () => {
  describe.each(Object.keys(signedHeaders) as WebhookProvider[])('%s', provider => {
    const sign = signedHeaders[provider];

    it('accepts the right signature and returns the pushed repository and ref', () => {
      expect(verifyPushWebhook(provider, requestWith(sign(body)), body, secret)).toEqual({
        repoUrls: [repoUrl],
        ref: 'refs/heads/main',
      });
    });

    it('refuses a signature made with another secret', () => {
      expect(() => verifyPushWebhook(provider, requestWith(sign(body, 'other')), body, secret)).toThrow(
        `Webhook signature does not match the ${provider} secret`,
      );
    });

    it('refuses a missing signature', () => {
      expect(() => verifyPushWebhook(provider, requestWith({}), body, secret)).toThrow(
        expect.objectContaining({ name: 'AuthenticationError' }),
      );
    });

    it('refuses a correctly signed body that is not JSON', () => {
      const notJson = Buffer.from('ref=refs/heads/main');
      expect(() => verifyPushWebhook(provider, requestWith(sign(notJson)), notJson, secret)).toThrow(
        expect.objectContaining({ name: 'InputError', message: 'Webhook body is not JSON' }),
      );
    });
  });

  it('refuses a GitHub body changed after signing', () => {
    const tampered = Buffer.from(body.toString().replace('main', 'evil'));
    expect(() => verifyPushWebhook('github', requestWith(signedHeaders.github(body)), tampered, secret)).toThrow(
      'Webhook signature does not match the github secret',
    );
  });

  it('refuses a GitHub signature without its sha256= prefix', () => {
    const bare = { 'X-Hub-Signature-256': hmac(body) };
    expect(() => verifyPushWebhook('github', requestWith(bare), body, secret)).toThrow(/does not match/);
  });

  it('reads GitLab project URLs', () => {
    const gitlabBody = Buffer.from(
      JSON.stringify({ ref: 'refs/heads/main', project: { git_http_url: repoUrl, web_url: 'https://git.example.com/team/deploy' } }),
    );
    expect(verifyPushWebhook('gitlab', requestWith(signedHeaders.gitlab(gitlabBody)), gitlabBody, secret).repoUrls).toEqual([
      repoUrl,
      'https://git.example.com/team/deploy',
    ]);
  });

  it('refuses a signed JSON body that names no repository', () => {
    const empty = Buffer.from('{"ref":"refs/heads/main"}');
    expect(() => verifyPushWebhook('gitea', requestWith(signedHeaders.gitea(empty)), empty, secret)).toThrow(
      'Webhook body names no repository URL',
    );
  });
});
