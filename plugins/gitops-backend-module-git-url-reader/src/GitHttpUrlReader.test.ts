import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { testGitServer } from '@internal/test-env';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ConfigGitCredentialsProvider,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { gitHttpReaderFactory } from './gitHttpUrlReaderServiceFactory';

const git = testGitServer();
type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
const host = (url: string) => new URL(url).host;

describe('GitHttpUrlReader through Backstage UrlReaders', () => {
  let cacheDir: string;
  let repoName: string;
  let counter = 0;

  /** The urlReader a plugin gets: ours first, then Backstage's defaults. */
  function urlReader(slipway: JsonObject) {
    const config = new ConfigReader({ slipway });
    const repos = new RepoCache({
      cacheDir,
      credentials: ConfigGitCredentialsProvider.fromConfig(config),
    });
    return UrlReaders.default({
      config,
      logger: mockServices.logger.mock(),
      factories: [gitHttpReaderFactory(repos, config)],
    });
  }

  beforeEach(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-url-reader-'));
    repoName = `reader-${process.pid}-${Date.now()}-${counter++}`;
    await git.createBareRepo(repoName, {
      'catalog-info.yaml': 'kind: Component\n',
      'docs/guide.md': '# guide\n',
    });
  });
  afterEach(() => fs.rm(cacheDir, { recursive: true, force: true }));

  it('reads a file at a branch, with the blob SHA as ETag, and answers NotModified for it', async () => {
    const reader = urlReader({ gitReader: { allowedHosts: [host(git.url)] } });
    const url = `${git.repoUrl(repoName)}/blob/main/catalog-info.yaml`;
    const first = await reader.readUrl(url);
    expect((await first.buffer()).toString()).toBe('kind: Component\n');
    await expect(
      reader.readUrl(url, { etag: first.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });

    // Another file changing leaves this one's ETag; its own change does not.
    await git.commit(repoName, { 'docs/guide.md': '# new\n' }, 'docs');
    await expect(
      reader.readUrl(url, { etag: first.etag }),
    ).rejects.toMatchObject({
      name: 'NotModifiedError',
    });
    await git.commit(
      repoName,
      { 'catalog-info.yaml': 'kind: API\n' },
      'change',
    );
    const changed = await reader.readUrl(url, { etag: first.etag });
    expect((await changed.buffer()).toString()).toBe('kind: API\n');
  });

  it("serves the catalog's search: one file, none when missing, globs refused", async () => {
    const reader = urlReader({ gitReader: { allowedHosts: [host(git.url)] } });
    const base = `${git.repoUrl(repoName)}/blob/main`;
    const found = await reader.search(`${base}/docs/guide.md`);
    expect(found.files.map(f => f.url)).toEqual([`${base}/docs/guide.md`]);
    expect((await found.files[0].content()).toString()).toBe('# guide\n');
    expect((await reader.search(`${base}/missing.yaml`)).files).toEqual([]);
    await expect(reader.search(`${base}/*.yaml`)).rejects.toThrow(
      'glob patterns are not supported for plain git servers',
    );
  });

  it('resolves branch names with slashes and reads folders as trees', async () => {
    await git.commit(repoName, { 'docs/extra.md': 'x' }, 'feature', {
      branch: 'feature/x',
    });
    const reader = urlReader({ gitReader: { allowedHosts: [host(git.url)] } });
    const tree = await reader.readTree(
      `${git.repoUrl(repoName)}/blob/feature/x/docs`,
    );
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual(['extra.md', 'guide.md']);
  });

  it('refuses paths that leave the repository and files over the size cap', async () => {
    const reader = urlReader({
      gitReader: { allowedHosts: [host(git.url)], maxFileBytes: 8 },
    });
    const base = `${git.repoUrl(repoName)}/blob/main`;
    for (const escape of [
      'docs/%2E%2E/%2E%2E/etc/passwd',
      'docs/../../../x.git/blob/main/y',
    ]) {
      await expect(reader.readUrl(`${base}/${escape}`)).rejects.toThrow(
        "'.' and '..' segments may not leave the repository path",
      );
    }
    await expect(reader.readUrl(`${base}/docs//guide.md`)).rejects.toThrow(
      "the path 'docs//guide.md' must be a plain path inside the repository",
    );
    await expect(reader.readUrl(`${base}/catalog-info.yaml`)).rejects.toThrow(
      "File 'catalog-info.yaml' in",
    );
    await expect(reader.readUrl(`${base}/catalog-info.yaml`)).rejects.toThrow(
      'is 16 bytes, over the 8-byte limit',
    );
    await expect(reader.readUrl(`${base}/nope.yaml`)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('uses slipway.gitCredentials for a server behind basic auth, and says so when they are wrong', async () => {
    const url = `${git.authUrl}/${repoName}.git/blob/main/catalog-info.yaml`;
    const good = urlReader({
      gitReader: { allowedHosts: [host(git.authUrl)] },
      gitCredentials: [{ host: host(git.authUrl), ...git.credentials }],
    });
    expect((await (await good.readUrl(url)).buffer()).toString()).toBe(
      'kind: Component\n',
    );
    const wrong = urlReader({
      gitReader: { allowedHosts: [host(git.authUrl)] },
      gitCredentials: [
        { host: host(git.authUrl), username: 'slipway', password: 'wrong' },
      ],
    });
    await expect(wrong.readUrl(url)).rejects.toThrow(
      /Authentication failed for git repository .* \(HTTP 401\)/,
    );
  });

  it('leaves hosts that are not allowed to the other readers', async () => {
    const reader = urlReader({});
    await expect(
      reader.readUrl(`${git.repoUrl(repoName)}/blob/main/catalog-info.yaml`),
    ).rejects.toThrow(/is not allowed/);
  });
});
