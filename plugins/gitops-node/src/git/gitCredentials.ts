import type { Config } from '@backstage/config';
import {
  DefaultAzureDevOpsCredentialsProvider,
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { AuthCallback, GitAuth } from 'isomorphic-git';

/**
 * Credentials for one git HTTP request: basic auth or ready-made headers.
 *
 * @public
 */
export type GitCredentials = Pick<GitAuth, 'username' | 'password' | 'headers'>;

/**
 * Finds credentials for a repository URL; undefined = anonymous.
 *
 * @public
 */
export interface GitCredentialsProvider {
  forUrl(url: string): Promise<GitCredentials | undefined>;
}

interface HostCredentials {
  host: string;
  username: string;
  password: string;
}

/**
 * Credentials from app-config:
 *  1. `slipway.gitCredentials[]` (`host`, `username`, `password`): explicit
 *     basic auth for plain git servers, checked first because it is the
 *     most specific statement an operator can make;
 *  2. Backstage's `integrations` (GitHub tokens and apps, GitLab, Gitea,
 *     Bitbucket Cloud/Server, Gerrit, Azure DevOps), matched by the URL's
 *     host (with port).
 *
 * @public
 */
export class ConfigGitCredentialsProvider implements GitCredentialsProvider {
  static fromConfig(config: Config): ConfigGitCredentialsProvider {
    const explicit = (
      config.getOptionalConfigArray('slipway.gitCredentials') ?? []
    ).map(entry => ({
      host: entry.getString('host').toLowerCase(),
      username: entry.getString('username'),
      password: entry.getString('password'),
    }));
    return new ConfigGitCredentialsProvider(
      explicit,
      ScmIntegrations.fromConfig(config),
    );
  }

  private readonly github: DefaultGithubCredentialsProvider;
  private readonly azure: DefaultAzureDevOpsCredentialsProvider;

  private constructor(
    private readonly explicit: HostCredentials[],
    private readonly integrations: ScmIntegrations,
  ) {
    this.github =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    this.azure =
      DefaultAzureDevOpsCredentialsProvider.fromIntegrations(integrations);
  }

  async forUrl(url: string): Promise<GitCredentials | undefined> {
    const host = new URL(url).host.toLowerCase();
    const explicit = this.explicit.find(c => c.host === host);
    if (explicit) {
      return { username: explicit.username, password: explicit.password };
    }
    const integration = this.integrations.byUrl(url);
    if (!integration) return undefined;
    switch (integration.type) {
      case 'github': {
        const { token } = await this.github.getCredentials({ url });
        return token
          ? { username: 'x-access-token', password: token }
          : undefined;
      }
      case 'gitlab': {
        const { token } = this.integrations.gitlab.byUrl(url)!.config;
        return token ? { username: 'oauth2', password: token } : undefined;
      }
      case 'gitea': {
        const { username, password } =
          this.integrations.gitea.byUrl(url)!.config;
        return password ? { username: username ?? 'git', password } : undefined;
      }
      case 'gerrit': {
        const { username, password } =
          this.integrations.gerrit.byUrl(url)!.config;
        return password ? { username: username ?? 'git', password } : undefined;
      }
      case 'bitbucketCloud': {
        const c = this.integrations.bitbucketCloud.byUrl(url)!.config;
        if (c.username && c.appPassword) {
          return { username: c.username, password: c.appPassword };
        }
        return c.token
          ? { username: 'x-token-auth', password: c.token }
          : undefined;
      }
      case 'bitbucketServer': {
        const c = this.integrations.bitbucketServer.byUrl(url)!.config;
        if (c.token) return { headers: { Authorization: `Bearer ${c.token}` } };
        return c.username && c.password
          ? { username: c.username, password: c.password }
          : undefined;
      }
      case 'azure': {
        const credentials = await this.azure.getCredentials({ url });
        return credentials?.headers
          ? { headers: credentials.headers }
          : undefined;
      }
      default:
        return undefined;
    }
  }
}

/**
 * isomorphic-git's onAuth: called after the server answers 401. Without
 * credentials it cancels, which surfaces as a clear "no credentials
 * configured" error instead of a bare 401.
 *
 * @public
 */
export function createOnAuth(
  provider: GitCredentialsProvider | undefined,
  url: string,
): AuthCallback {
  return async () => {
    const credentials = await provider?.forUrl(url);
    return credentials ?? { cancel: true };
  };
}
