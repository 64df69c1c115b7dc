// Browser smoke test: builds the frontend, starts the backend serving it,
// and has Debian's Chromium open service entity pages and find Slipway's tabs.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const baseUrl = 'http://localhost:7017';
const shots = join(root, 'test-results/smoke');
const results = [];

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok   ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  FAIL ${name}\n       ${String(error.message).split('\n')[0]}`);
  }
}

async function waitForHealth(backend, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null) throw new Error('backend exited early');
    try {
      const res = await fetch(`${baseUrl}/api/gitops/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend not healthy after ${timeoutMs / 1000}s`);
}

console.log('smoke: building the frontend');
execFileSync('yarn', ['workspace', 'app', 'build'], { cwd: root, stdio: 'inherit' });

const portTaken = await fetch(`${baseUrl}/`).then(() => true, () => false);
if (portTaken) {
  console.log(`smoke: ${baseUrl} already answers; stop whatever listens on port 7017\n\nsmoke: 0 passed, 1 failed`);
  process.exit(1);
}

console.log('smoke: starting the backend');
// Plain node with the CLI's TypeScript hook: no file watcher that could
// restart the backend mid-test.
const backend = spawn(
  process.execPath,
  ['--require', '@backstage/cli/config/nodeTransform.cjs', 'src/index.ts',
    '--config', '../../app-config.yaml', '--config', '../../scripts/smoke/app-config.smoke.yaml'],
  { cwd: join(root, 'packages/backend'), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
let backendLog = '';
backend.stdout.on('data', d => (backendLog += d));
backend.stderr.on('data', d => (backendLog += d));
const stopBackend = () => {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopBackend);

let browser;
try {
  await waitForHealth(backend, 180_000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  mkdirSync(shots, { recursive: true });

  // Guest sign-in shows an Enter button on the first visit only.
  const signInIfAsked = async ready => {
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.or(ready).first().waitFor({ timeout: 60_000 });
    if (await enter.isVisible()) await enter.click();
    await ready.waitFor({ timeout: 60_000 });
  };

  const openEntity = async name => {
    await page.goto(`${baseUrl}/catalog/default/component/${name}`);
    await signInIfAsked(page.getByRole('tab', { name: 'GitOps' }));
  };

  await check('the catalog lists the example services', async () => {
    // "All" rather than the default "Owned" view: not every example is the guest's.
    await page.goto(`${baseUrl}/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all`);
    await signInIfAsked(page.getByRole('heading', { name: /Slipway Catalog/ }));
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

  await check('the GitOps tab loads the apps from the backend', async () => {
    await page.getByRole('tab', { name: 'GitOps' }).click();
    await page
      .getByText(/Not reconciled yet|Cluster /)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'gitops.png') });
  });

  await check('the sidebar opens the GitOps fleet page', async () => {
    await page.getByRole('link', { name: 'GitOps', exact: true }).click();
    await page.getByRole('heading', { name: 'GitOps fleet' }).waitFor({ timeout: 30_000 });
    await page
      .getByText(/No apps yet|\d+ apps/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'fleet.png') });
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
  results.push({ name: 'portal started', ok: false });
  console.log(`  FAIL portal started: ${error.message}`);
} finally {
  await browser?.close();
  stopBackend();
}

const failed = results.filter(r => !r.ok).length;
if (failed) console.log(`\nbackend log (tail):\n${backendLog.split('\n').slice(-40).join('\n')}`);
console.log(`\nsmoke: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
