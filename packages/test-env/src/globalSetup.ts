import { parseComponents, setupTestEnv } from './testEnv';

/**
 * Jest `globalSetup`: starts the components listed in SLIPWAY_TEST_ENV
 * (e.g. `postgres,git,kube,prometheus`) once for the whole run.
 */
export default async function globalSetup(): Promise<void> {
  await setupTestEnv(parseComponents(process.env.SLIPWAY_TEST_ENV));
}
