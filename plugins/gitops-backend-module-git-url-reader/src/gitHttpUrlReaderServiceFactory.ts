import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ReaderFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import type { Config } from '@backstage/config';
import path from 'node:path';
import {
  ConfigGitCredentialsProvider,
  RepoCache,
} from '@slipway/plugin-gitops-node';
import { GitHttpUrlReader } from './GitHttpUrlReader';
import { isGitBlobUrl } from './gitBlobUrl';

/** Builds the reader and its predicate from `slipway.gitReader` (none when no host is listed). */
export function gitHttpReaderFactory(
  repos: RepoCache,
  config: Config,
): ReaderFactory {
  const hosts = new Set(
    (config.getOptionalStringArray('slipway.gitReader.allowedHosts') ?? []).map(
      h => h.toLowerCase(),
    ),
  );
  const maxFileBytes = config.getOptionalNumber(
    'slipway.gitReader.maxFileBytes',
  );
  return ({ treeResponseFactory }) =>
    hosts.size === 0
      ? []
      : [
          {
            reader: new GitHttpUrlReader({
              repos,
              treeResponseFactory,
              maxFileBytes,
            }),
            predicate: url =>
              hosts.has(url.host.toLowerCase()) && isGitBlobUrl(url),
          },
        ];
}

/**
 * Adds a URL reader for plain git servers over smart HTTP to every plugin's
 * `urlReader`, so the catalog (and `catalog:register`) can read
 * `<repo>.git/blob/<ref>/catalog-info.yaml` from hosts listed in
 * `slipway.gitReader.allowedHosts`, with credentials from
 * `slipway.gitCredentials` or `integrations`. One shallow cache per
 * repository is shared by all plugins, under `slipway.cacheDir`.
 *
 * @public
 */
export const gitHttpUrlReaderServiceFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { config: coreServices.rootConfig },
  createRootContext({ config }) {
    const cacheDir = config.getOptionalString('slipway.cacheDir');
    const repos = new RepoCache({
      // Unset: a random folder of its own, like the sync engine's cache.
      cacheDir: cacheDir && path.join(cacheDir, 'url-reader'),
      credentials: ConfigGitCredentialsProvider.fromConfig(config),
    });
    return gitHttpReaderFactory(repos, config);
  },
  factory: (_deps, readerFactory) => readerFactory,
});
