import { parseComponents, setupTestEnv } from './testEnv';

/**
 * Jest `globalSetup`: starts the components a package's tests need once for
 * the whole run. A package names them in its jest config
 * (`"globals": { "slipwayTestEnv": "postgres,kube" }`); SLIPWAY_TEST_ENV
 * overrides that, e.g. `postgres,git,kube,prometheus`.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig?: { globals?: Record<string, unknown> },
): Promise<void> {
  const fromProject = projectConfig?.globals?.slipwayTestEnv;
  await setupTestEnv(
    parseComponents(
      process.env.SLIPWAY_TEST_ENV ??
        (typeof fromProject === 'string' ? fromProject : undefined),
    ),
  );
}
