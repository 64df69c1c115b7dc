import { execFile } from 'node:child_process';

/**
 * Config passed to every git process on the command-line channel
 * (GIT_CONFIG_COUNT), so nothing depends on the user's or the machine's
 * git config and repositories owned by another user are still served.
 */
const GIT_CONFIG: Record<string, string> = {
  'safe.directory': '*',
  'init.defaultBranch': 'main',
  'http.receivepack': 'true',
  // The sync engine may fetch a commit by SHA.
  'uploadpack.allowAnySHA1InWant': 'true',
  'receive.denyCurrentBranch': 'ignore',
};

/** An environment for git processes isolated from global and system config. */
export function gitEnv(
  home: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Slipway Test',
    GIT_AUTHOR_EMAIL: 'test@slipway.invalid',
    GIT_COMMITTER_NAME: 'Slipway Test',
    GIT_COMMITTER_EMAIL: 'test@slipway.invalid',
    ...extra,
  };
  const entries = Object.entries(GIT_CONFIG);
  env.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** Runs the git CLI and resolves with trimmed stdout; rejects with stderr. */
export function git(
  args: string[],
  options: { cwd: string; home: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd: options.cwd, env: gitEnv(options.home), maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args.join(' ')} failed: ${stderr.trim() || error.message}`,
            ),
          );
        } else {
          resolve(stdout.trim());
        }
      },
    );
  });
}
