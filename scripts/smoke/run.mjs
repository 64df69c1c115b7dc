// Browser smoke test: builds the frontend, starts the backend serving it,
// and has Debian's Chromium open service entity pages and find Slipway's tabs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChecks } from '../lib/checks.mjs';
import { startDemo } from '../lib/demo.mjs';
import { killGroup, launchChromium, signInIfAsked, waitForHealth, writePortConfig } from '../lib/portal.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// SLIPWAY_SMOKE_PORT moves the portal off 7017, e.g. beside another run.
const port = Number(process.env.SLIPWAY_SMOKE_PORT ?? 7017);
const baseUrl = `http://localhost:${port}`;
const shots = join(root, 'test-results/smoke');
const checks = createChecks();
const { check } = checks;

console.log('smoke: building the frontend');
execFileSync('yarn', ['workspace', 'app', 'build'], { cwd: root, stdio: 'inherit' });

const portTaken = await fetch(`${baseUrl}/`).then(() => true, () => false);
if (portTaken) {
  console.log(`smoke: ${baseUrl} already answers; stop whatever listens on port ${port}\n\nsmoke: 0 passed, 1 failed`);
  process.exit(1);
}

// The local demo infrastructure: control plane and the example GitOps
// repository, so the example services really sync.
console.log('smoke: starting the local control plane and git server');
let demo;
try {
  demo = await startDemo(root);
} catch (error) {
  console.log(`smoke: ${error.message}\n\nsmoke: 0 passed, 1 failed`);
  process.exit(1);
}
const { trafficUrl } = demo;
const portConfig = writePortConfig('slipway-smoke-', port);

console.log('smoke: starting the backend');
// Plain node with the CLI's TypeScript hook: no file watcher that could
// restart the backend mid-test.
const backend = spawn(
  process.execPath,
  ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/index.ts',
    '--config', '../../app-config.yaml', '--config', '../../.cache/demo/app-config.demo.yaml',
    '--config', '../../scripts/smoke/app-config.smoke.yaml', '--config', portConfig],
  { cwd: join(root, 'packages/backend'), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
let backendLog = '';
backend.stdout.on('data', d => (backendLog += d));
backend.stderr.on('data', d => (backendLog += d));
const stopBackend = () => killGroup(backend);
process.on('exit', stopBackend);

let browser;
try {
  await waitForHealth(`${baseUrl}/api/gitops/health`, backend, 180_000);
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(shots, { recursive: true });

  const openEntity = async name => {
    await page.goto(`${baseUrl}/catalog/default/component/${name}`);
    await signInIfAsked(page, page.getByRole('tab', { name: 'GitOps' }));
  };

  await check('the catalog lists the example services', async () => {
    // "All" rather than the default "Owned" view: not every example is the guest's.
    await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`);
    await signInIfAsked(page, page.getByRole('heading', { name: /Slipway Catalog/ }));
    // The catalog ingests the example files shortly after start-up.
    for (let attempt = 0; ; attempt++) {
      try {
        for (const name of ['payments', 'catalog-api', 'legacy-billing']) {
          await page.getByRole('link', { name, exact: true }).waitFor({ timeout: 10_000 });
        }
        break;
      } catch (error) {
        if (attempt >= 6) throw error;
        await page.reload();
      }
    }
    await page.screenshot({ path: join(shots, 'catalog.png') });
  });

  await check('a service page shows the GitOps, History and Canary tabs', async () => {
    await openEntity('payments');
    for (const name of ['GitOps', 'History', 'Canary']) {
      await page.getByRole('tab', { name }).waitFor({ timeout: 10_000 });
    }
    await page.getByText('Delivery', { exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'overview.png') });
  });

  await check('the auto-synced service shows Synced and Healthy on the GitOps tab, with its project', async () => {
    await page.getByRole('tab', { name: 'GitOps' }).click();
    await page.getByText('Cluster local').waitFor({ timeout: 30_000 });
    // The engine syncs on its own; polling brings the result to the page.
    await page.getByText('Synced', { exact: true }).first().waitFor({ timeout: 120_000 });
    await page.getByText('Healthy', { exact: true }).first().waitFor({ timeout: 120_000 });
    // Written as the payments deployer the demo set up, not as Slipway itself.
    await page.getByText(/writes as slipway-system\/payments-team-deployer/).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'gitops.png'), fullPage: true });
  });

  await check('an owner syncs from the page and the run appears in History', async () => {
    await page.getByRole('button', { name: 'Sync', exact: true }).first().click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Sync now' }).waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('tab', { name: 'History' }).click();
    // The run's row, not the row of the Actions table below, which names the guest too.
    const run = page.getByRole('row').filter({ hasText: 'user:default/guest' }).filter({ hasText: 'manual' }).first();
    await run.waitFor({ timeout: 30_000 });
    const text = await run.innerText();
    if (!/manual/.test(text) || !/Succeeded/.test(text)) throw new Error(`History row says: ${text.replace(/\s+/g, ' ')}`);
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
  });

  await check('a sync of a revision that does not exist fails, and History shows it', async () => {
    await page.getByRole('tab', { name: 'GitOps' }).click();
    await page.getByRole('button', { name: 'Sync', exact: true }).first().click();
    await page.getByLabel('Revision').fill('no-such-branch');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Sync now' }).waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('tab', { name: 'History' }).click();
    const run = page.getByRole('row').filter({ hasText: 'user:default/guest' }).filter({ hasText: 'Failed' }).first();
    await run.waitFor({ timeout: 30_000 });
  });

  // What `yarn demo:release` does: a new payments image in the demo's GitOps repository.
  // The next patch version each time, so a re-run never repeats a revision.
  const release = () =>
    execFileSync(process.execPath, ['--require', '@backstage/cli/config/nodeTransform.cjs',
      'packages/test-env/src/demoRelease.ts'], { cwd: root, stdio: 'inherit' });
  const lastEvent = text => page.getByText(`Last event: ${text}`).first();
  const phase = name => page.getByLabel(`phase ${name}`).first();

  await check('a new image runs as a canary that the Canary tab shows advancing and promoted', async () => {
    await page.getByRole('tab', { name: 'Canary' }).click();
    // Any settled phase: a re-run on the same machine finds the canary the last run aborted.
    await phase('Initialized').or(phase('Succeeded')).or(phase('Failed')).waitFor({ timeout: 120_000 });
    release();
    await phase('Progressing').waitFor({ timeout: 120_000 });
    await lastEvent('Advance payments.payments canary weight 20').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(shots, 'canary.png'), fullPage: true });
    await phase('Succeeded').waitFor({ timeout: 180_000 });
    await page.getByText(/Run #\d+ \(Succeeded\)/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'canary-promoted.png'), fullPage: true });
  });

  await check('an owner aborts the next canary from the Canary tab and it rolls back', async () => {
    release();
    await lastEvent('Advance payments.payments canary weight 10').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Abort', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Abort', exact: true }).click();
    await phase('Failed').waitFor({ timeout: 60_000 });
    await page.getByText(/Run #\d+ \(Aborted\)/).first().waitFor({ timeout: 30_000 });
    await page.getByText(/Rolling back payments\.payments aborted by request/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'canary-aborted.png'), fullPage: true });
  });

  await check('a canary failing its analysis rolls back', async () => {
    if (!trafficUrl) throw new Error('the demo printed no traffic simulator URL');
    const canaryErrors = errorRate =>
      fetch(`${trafficUrl}/apps/payments/workloads/canary`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errorRate }),
      }).then(res => {
        if (!res.ok) throw new Error(`traffic simulator answered ${res.status}`);
      });
    release();
    await lastEvent('Advance payments.payments canary weight 10').waitFor({ timeout: 120_000 });
    await canaryErrors(1);
    try {
      await page.getByText(/Run #\d+ \(Failed\)/).first().waitFor({ timeout: 180_000 });
    } finally {
      await canaryErrors(0);
    }
  });

  await check('the owner finds one notification for the failed sync and one for the failed canary', async () => {
    await page.getByRole('link', { name: /Notifications/ }).first().click();
    await page.waitForURL(/\/notifications/);
    // Rows of the page's table: a new notification also pops up a snackbar with its title.
    const rows = title => page.getByRole('row').filter({ has: page.getByText(title, { exact: true }) });
    const titles = ['Sync of payments on local failed', 'Rollout payments of payments on local failed'];
    for (const title of titles) await rows(title).first().waitFor({ timeout: 60_000 });
    for (const title of titles) {
      const count = await rows(title).count();
      if (count !== 1) throw new Error(`${count} notifications titled '${title}'`);
    }
    // The owner aborted the other canary: no one needs telling of that.
    await page.screenshot({ path: join(shots, 'notifications.png'), fullPage: true });
    // Each links to the tab that shows it.
    await rows(titles[1]).getByRole('link', { name: titles[1] }).click();
    await page.waitForURL(/\/catalog\/default\/component\/payments\/canary/);
  });

  await check('the API refuses sync and rollout control to a user who does not own the service', async () => {
    const session = await (await fetch(`${baseUrl}/api/auth/guest/refresh`, { headers: { "X-Requested-With": "XMLHttpRequest" } })).json();
    const headers = { Authorization: `Bearer ${session.backstageIdentity.token}`, 'Content-Type': 'application/json' };
    const app = `${baseUrl}/api/gitops/entities/default/component/catalog-api/apps/local`;
    for (const url of [`${app}/sync`, `${app}/rollouts/catalog-api/promote`]) {
      const res = await fetch(url, { method: 'POST', headers, body: '{}' });
      if (res.status !== 403) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    }
  });

  await check('a non-owner sees Sync disabled on a service of another team', async () => {
    await openEntity('catalog-api');
    await page.getByRole('tab', { name: 'GitOps' }).click();
    await page.getByText('OutOfSync', { exact: true }).first().waitFor({ timeout: 120_000 });
    const sync = page.getByRole('button', { name: 'Sync', exact: true }).first();
    if (!(await sync.isDisabled())) throw new Error('Sync is enabled for a user who does not own catalog-api');
    await page.screenshot({ path: join(shots, 'gitops-out-of-sync.png'), fullPage: true });
  });

  await check('the sidebar opens the GitOps fleet page with every app', async () => {
    await page.getByRole('link', { name: 'GitOps', exact: true }).click();
    await page.getByRole('heading', { name: 'GitOps fleet' }).waitFor({ timeout: 30_000 });
    await page.getByText(/\d+ apps/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'fleet.png'), fullPage: true });
  });

  await check('an unannotated service shows the missing-annotation state', async () => {
    await openEntity('legacy-billing');
    for (const tab of ['GitOps', 'History', 'Canary']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByText('Missing Annotation').waitFor({ timeout: 30_000 });
    }
    await page.screenshot({ path: join(shots, 'missing-annotation.png') });
  });
} catch (error) {
  checks.fail('portal started', error);
} finally {
  await browser?.close();
  stopBackend();
  // So a run never leaves servers behind.
  await demo.stop();
}

if (checks.failed) console.log(`\nbackend log (tail):\n${backendLog.split('\n').slice(-40).join('\n')}`);
process.exit(checks.summary('smoke'));
