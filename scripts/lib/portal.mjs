// Helpers for driving a running portal: its health, Debian's Chromium, and
// the guest sign-in page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('backend exited early');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend not healthy after ${timeoutMs / 1000}s`);
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Guest sign-in shows an Enter button on the first visit only. */
export async function signInIfAsked(page, ready) {
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.or(ready).first().waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) await enter.click();
  await ready.waitFor({ timeout: 60_000 });
}

/** Kills a detached child's whole process group. */
export function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** An app-config layer that moves a portal (frontend served by its backend) to `port`. */
export function writePortConfig(prefix, port) {
  const baseUrl = `http://localhost:${port}`;
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'app-config.port.yaml');
  writeFileSync(
    file,
    `app: { baseUrl: '${baseUrl}' }\nbackend: { baseUrl: '${baseUrl}', listen: { port: ${port} }, cors: { origin: '${baseUrl}' } }\n`,
  );
  return file;
}
