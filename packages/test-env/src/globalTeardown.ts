import { teardownTestEnv } from './testEnv';

/** Jest `globalTeardown`: stops only what the global setup started. */
export default async function globalTeardown(): Promise<void> {
  await teardownTestEnv();
}
