import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import signalsPlugin from '@backstage/plugin-signals-backend';
import gitopsPlugin from '@slipway/plugin-gitops-backend';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';

// One backend replica of the multi-replica suites, as its own OS process (so
// kill -9 is real): the catalog, Slipway's gitops plugin, and signals with
// the events bus that carries them between replicas, assembled the way
// the portal's tests assemble a backend (mock auth and permissions, so the
// suite calls the API as a test user), with the real database and scheduler
// services, on the config file named by the first argument (shared
// PostgreSQL, local cluster, git server). It tells its parent its port over
// IPC once it serves.

// The log is a file per replica: every line carries its time, to line it up
// with kills and outages.
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const write = console[level].bind(console);
  console[level] = (...args: unknown[]) =>
    write(new Date().toISOString(), ...args);
}

async function main() {
  const configFile = process.argv[2];
  if (!configFile) throw new Error('usage: replicaMain <config.json>');
  const data = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      gitopsPlugin,
      signalsPlugin,
      eventsPlugin,
      // The real scheduler: global tasks run on one replica at a time, through the database.
      schedulerServiceFactory,
      // The real events service (the test backend's mock keeps each plugin's
      // events to itself): with the events backend, it carries signals
      // between replicas through the database.
      eventsServiceFactory,
      mockServices.rootConfig.factory({ data }),
      mockServices.rootLogger.factory({ level: 'info' }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  process.send?.({ type: 'ready', port, pid: process.pid });

  // A graceful stop (SIGTERM) runs the plugins' shutdown hooks; kill -9 does not.
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    backend.stop().then(
      () => process.exit(0),
      error => {
        console.error('stopping failed', error);
        process.exit(1);
      },
    );
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

main().catch(error => {
  console.error('replica failed to start', error);
  process.exit(1);
});
