import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { GitAuth } from 'isomorphic-git';

/** Credentials for git over HTTP: basic auth or ready-made headers. */
export type GitCredentials = Pick<GitAuth, 'username' | 'password' | 'headers'>;

/** Finds credentials for a repository URL; undefined means anonymous. */
export type GitCredentialsReader = (
  url: string,
) => Promise<GitCredentials | undefined>;

/**
 * Reads git credentials the same way the gitops backend does, so a template
 * pushes with the credentials the sync engine later pulls with:
 * `slipway.gitCredentials[]` (host, username, password) first, then
 * Backstage's `integrations` for the URL's host. Kept local because backend
 * modules may not import from `gitops-backend`.
 */
export function createGitCredentialsReader(
  config: Config,
): GitCredentialsReader {
  const explicit = (
    config.getOptionalConfigArray('slipway.gitCredentials') ?? []
  ).map(entry => ({
    host: entry.getString('host').toLowerCase(),
    username: entry.getString('username'),
    password: entry.getString('password'),
  }));
  const integrations = ScmIntegrations.fromConfig(config);
  const github =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return async url => {
    const host = new URL(url).host.toLowerCase();
    const match = explicit.find(c => c.host === host);
    if (match) return { username: match.username, password: match.password };

    const integration = integrations.byUrl(url);
    switch (integration?.type) {
      case 'github': {
        const { token } = await github.getCredentials({ url });
        return token
          ? { username: 'x-access-token', password: token }
          : undefined;
      }
      case 'gitlab': {
        const { token } = integrations.gitlab.byUrl(url)!.config;
        return token ? { username: 'oauth2', password: token } : undefined;
      }
      case 'gitea': {
        const { username, password } = integrations.gitea.byUrl(url)!.config;
        return password ? { username: username ?? 'git', password } : undefined;
      }
      case 'bitbucketServer': {
        const c = integrations.bitbucketServer.byUrl(url)!.config;
        if (c.token) return { headers: { Authorization: `Bearer ${c.token}` } };
        return c.username && c.password
          ? { username: c.username, password: c.password }
          : undefined;
      }
      default:
        return undefined;
    }
  };
}
