// What a user of a freshly installed portal sees: Slipway's tabs, card and
// fleet page working against the local demo infrastructure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { signInIfAsked } from '../lib/portal.mjs';

export async function portalChecks({ browser, baseUrl, system, check, shots }) {
  mkdirSync(shots, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const named = name => `${system} system: ${name}`;
  const entityPath = '/catalog/default/component/payments';
  const tab =
    system === 'legacy'
      ? name => page.getByRole('tab', { name, exact: true })
      : // The new system's entity page shows its tabs as links in the header
        // (the sidebar's GitOps link goes elsewhere).
        name => page.getByRole('link', { name, exact: true }).and(page.locator(`[href^="${entityPath}"]`));

  await check(named('the payments service shows the GitOps, History and Canary tabs and the delivery card'), async () => {
    // The catalog ingests the example entities shortly after start-up.
    for (let attempt = 0; ; attempt++) {
      await page.goto(`${baseUrl}${entityPath}`);
      try {
        await signInIfAsked(page, tab('GitOps'));
        break;
      } catch (error) {
        if (attempt >= 6) throw error;
      }
    }
    for (const name of ['History', 'Canary']) await tab(name).waitFor({ timeout: 10_000 });
    await page.getByText('Delivery', { exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'overview.png') });
  });

  await check(named('the GitOps tab shows the service Synced and Healthy'), async () => {
    await tab('GitOps').click();
    await page.getByText('Cluster local').waitFor({ timeout: 30_000 });
    await page.getByText('Synced', { exact: true }).first().waitFor({ timeout: 120_000 });
    await page.getByText('Healthy', { exact: true }).first().waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(shots, 'gitops.png'), fullPage: true });
  });

  await check(named('a sync from the page appears in History as Succeeded'), async () => {
    await page.getByRole('button', { name: 'Sync', exact: true }).first().click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Sync now' }).waitFor({ state: 'detached', timeout: 60_000 });
    await tab('History').click();
    const run = page.getByRole('row').filter({ hasText: 'manual' }).filter({ hasText: 'Succeeded' }).first();
    await run.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
  });

  await check(named('the Canary tab shows the canary'), async () => {
    await tab('Canary').click();
    const phase = name => page.getByLabel(`phase ${name}`).first();
    await phase('Initialized').or(phase('Succeeded')).or(phase('Failed')).or(phase('Progressing'))
      .waitFor({ timeout: 120_000 });
    await page.screenshot({ path: join(shots, 'canary.png'), fullPage: true });
  });

  await check(named('the fleet page lists the apps'), async () => {
    await page.goto(`${baseUrl}/gitops`);
    await page.getByRole('heading', { name: 'GitOps fleet' }).waitFor({ timeout: 60_000 });
    await page.getByText(/\d+ apps/).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'fleet.png'), fullPage: true });
  });
  await page.close();
}
