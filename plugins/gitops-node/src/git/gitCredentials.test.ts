import { ConfigReader } from '@backstage/config';
import { ConfigGitCredentialsProvider, createOnAuth } from './gitCredentials';

const provider = (config: object) =>
  ConfigGitCredentialsProvider.fromConfig(new ConfigReader(config));

describe('ConfigGitCredentialsProvider', () => {
  it('prefers slipway.gitCredentials, matched by host and port in any case', async () => {
    const credentials = provider({
      slipway: {
        gitCredentials: [
          { host: 'GIT.Example.com:8443', username: 'deployer', password: 'p' },
        ],
      },
      integrations: {
        gitlab: [
          {
            host: 'git.example.com:8443',
            apiBaseUrl: 'https://git.example.com:8443/api/v4',
            token: 'gitlab-token',
          },
        ],
      },
    });
    await expect(
      credentials.forUrl('https://git.example.com:8443/team/repo.git'),
    ).resolves.toEqual({ username: 'deployer', password: 'p' });
    // Another port is another server.
    await expect(
      credentials.forUrl('https://git.example.com/team/repo.git'),
    ).resolves.toBeUndefined();
  });

  it("turns each integration's settings into what its git server takes", async () => {
    const credentials = provider({
      integrations: {
        github: [{ host: 'github.com', token: 'gh-token' }],
        gitlab: [{ host: 'gitlab.com', token: 'gl-token' }],
        gitea: [{ host: 'gitea.example.com', password: 'gt-password' }],
        bitbucketCloud: [{ username: 'ada', appPassword: 'app-password' }],
        bitbucketServer: [{ host: 'bitbucket.example.com', token: 'bb-token' }],
        azure: [
          {
            host: 'dev.azure.com',
            credentials: [{ personalAccessToken: 'az-token' }],
          },
        ],
      },
    });
    const forUrl = (url: string) => credentials.forUrl(url);

    await expect(forUrl('https://github.com/acme/deploy.git')).resolves.toEqual(
      { username: 'x-access-token', password: 'gh-token' },
    );
    await expect(forUrl('https://gitlab.com/acme/deploy.git')).resolves.toEqual(
      {
        username: 'oauth2',
        password: 'gl-token',
      },
    );
    await expect(
      forUrl('https://gitea.example.com/acme/deploy.git'),
    ).resolves.toEqual({ username: 'git', password: 'gt-password' });
    await expect(
      forUrl('https://bitbucket.org/acme/deploy.git'),
    ).resolves.toEqual({ username: 'ada', password: 'app-password' });
    await expect(
      forUrl('https://bitbucket.example.com/scm/acme/deploy.git'),
    ).resolves.toEqual({ headers: { Authorization: 'Bearer bb-token' } });
    await expect(
      forUrl('https://dev.azure.com/acme/deploy/_git/deploy'),
    ).resolves.toEqual({
      headers: {
        Authorization: `Basic ${Buffer.from(':az-token').toString('base64')}`,
      },
    });
  });

  it('is anonymous for hosts nothing is configured for', async () => {
    const credentials = provider({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example.com',
            apiBaseUrl: 'https://gitlab.example.com/api/v4',
          },
        ],
      },
    });
    await expect(
      credentials.forUrl('https://gitlab.example.com/acme/deploy.git'),
    ).resolves.toBeUndefined();
    await expect(
      credentials.forUrl('http://127.0.0.1:18080/deploy.git'),
    ).resolves.toBeUndefined();
  });
});

describe('createOnAuth', () => {
  it('cancels when nothing is configured, so the failure says so', async () => {
    const url = 'http://127.0.0.1:18080/deploy.git';
    await expect(createOnAuth(undefined, url)(url, {})).resolves.toEqual({
      cancel: true,
    });
    await expect(createOnAuth(provider({}), url)(url, {})).resolves.toEqual({
      cancel: true,
    });
    await expect(
      createOnAuth(
        provider({
          slipway: {
            gitCredentials: [
              { host: '127.0.0.1:18080', username: 'u', password: 'p' },
            ],
          },
        }),
        url,
      )(url, {}),
    ).resolves.toEqual({ username: 'u', password: 'p' });
  });
});
