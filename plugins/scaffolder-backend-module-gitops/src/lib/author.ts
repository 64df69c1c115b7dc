import type { Config } from '@backstage/config';
import type { GitAuthor } from './git';

/** The scaffolder's configured default commit author, as Backstage's publishers use it. */
export function defaultAuthor(config: Config): GitAuthor {
  return {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ?? 'Scaffolder',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'scaffolder@backstage.io',
  };
}
