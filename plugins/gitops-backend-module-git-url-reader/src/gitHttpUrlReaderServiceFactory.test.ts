import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import {
  coreServices,
  createBackendPlugin,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { testGitServer } from '@internal/test-env';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import gitHttpUrlReader from '.';

const git = testGitServer();

describe('the git URL reader added to a backend', () => {
  it("serves every plugin's urlReader from the allowed hosts, caching under slipway.cacheDir", async () => {
    const repoName = `factory-${process.pid}-${Date.now()}`;
    await git.createBareRepo(repoName, {
      'catalog-info.yaml': 'kind: Group\n',
    });
    const cacheDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'slipway-url-reader-factory-'),
    );
    let reader: UrlReaderService | undefined;
    const backend = await startTestBackend({
      features: [
        gitHttpUrlReader,
        urlReaderServiceFactory,
        createBackendPlugin({
          pluginId: 'reads',
          register(reg) {
            reg.registerInit({
              deps: { urlReader: coreServices.urlReader },
              async init({ urlReader }) {
                reader = urlReader;
              },
            });
          },
        }),
        mockServices.rootConfig.factory({
          data: {
            slipway: {
              cacheDir,
              gitReader: { allowedHosts: [new URL(git.url).host] },
            },
          },
        }),
      ],
    });
    try {
      const url = `${git.repoUrl(repoName)}/blob/main/catalog-info.yaml`;
      const response = await reader!.readUrl(url);
      expect((await response.buffer()).toString()).toBe('kind: Group\n');
      expect(await fs.readdir(path.join(cacheDir, 'url-reader'))).toHaveLength(
        1,
      );
    } finally {
      await backend.stop();
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  });
});
