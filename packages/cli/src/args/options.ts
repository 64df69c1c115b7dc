import type { ParseArgsConfig } from 'node:util';

type ParseArgsOption = NonNullable<ParseArgsConfig['options']>[string];

/** One option of a command, with what `--help` says of it. */
export type OptionSpec = ParseArgsOption & {
  description: string;
  /** The value's placeholder in help: `--timeout DURATION`. */
  valueName?: string;
};

export type OptionSpecs = Record<string, OptionSpec>;

/** Options every command takes, before or after the command's name. */
export const GLOBAL_OPTIONS = {
  server: {
    type: 'string',
    short: 's',
    valueName: 'URL',
    description:
      "Backstage backend's base URL, e.g. https://backstage.example.com (env SLIPWAY_URL)",
  },
  token: {
    type: 'string',
    short: 't',
    valueName: 'TOKEN',
    description:
      'a static token from backend.auth.externalAccess, or a user token (env SLIPWAY_TOKEN)',
  },
  output: {
    type: 'string',
    short: 'o',
    valueName: 'FORMAT',
    description: 'text (default) or json',
  },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} satisfies OptionSpecs;

/** The options of the commands that follow an operation to its end. */
export const WAIT_OPTIONS = {
  timeout: {
    type: 'string',
    valueName: 'DURATION',
    description: 'give up after this long, with exit code 5 (default 5m)',
  },
  interval: {
    type: 'string',
    valueName: 'DURATION',
    description: 'time between two looks (default 2s)',
  },
  rollout: {
    type: 'boolean',
    description:
      'also wait for the canary: every rollout of the app Succeeded or Initialized (Failed: exit 6)',
  },
} satisfies OptionSpecs;

/** The --wait flag of the commands that start an operation. */
export const START_WAIT_OPTIONS = {
  wait: {
    type: 'boolean',
    description:
      'follow the operation until the app is Synced and Healthy (see slipway app wait)',
  },
  ...WAIT_OPTIONS,
} satisfies OptionSpecs;

export const CLUSTER_OPTION = {
  cluster: {
    type: 'string',
    short: 'c',
    valueName: 'CLUSTER',
    description: "the app's cluster, instead of APP@CLUSTER",
  },
} satisfies OptionSpecs;

/** What parseArgs returns for a command's options. */
export type OptionValues = Record<string, string | boolean | undefined>;
