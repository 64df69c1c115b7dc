// Install test: Slipway's packed tarballs go into portals freshly made by
// @backstage/create-app, one per frontend system, exactly as the README's
// install section says; each portal starts against the local demo
// infrastructure and Debian's Chromium finds Slipway's tabs working.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { createChecks } from '../lib/checks.mjs';
import { startDemo } from '../lib/demo.mjs';
import { killGroup, launchChromium, waitForHealth, writePortConfig } from '../lib/portal.mjs';
import { portalChecks } from './portalChecks.mjs';
import {
  addResolutions,
  addToBackend,
  addToLegacyApp,
  readmeSnippets,
  yarnAddCommands,
} from './steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// The create-app release the test portals come from.
const CREATE_APP = '@backstage/create-app@0.9.2';
const systems = (process.env.SLIPWAY_INSTALL_SYSTEMS ?? 'new,legacy').split(',');
const port = Number(process.env.SLIPWAY_INSTALL_PORT ?? 7027);
const baseUrl = `http://localhost:${port}`;
const work = join(tmpdir(), 'slipway-install');
const checks = createChecks();
const BETTER_SQLITE3 = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
const version = JSON.parse(readFileSync(join(root, 'plugins/gitops/package.json'), 'utf8')).version;

// A portal is its own Yarn project: none of this repository's Yarn settings leak in.
const portalEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm_(?!config_nodedir)|YARN_|BERRY_|PROJECT_CWD$|INIT_CWD$)/.test(key),
  ),
);
// Yarn's TypeScript plugin looks up @types packages in a search index this
// machine cannot reach; the registry itself is enough.
portalEnv.YARN_TS_ENABLE_AUTO_TYPES = 'false';

const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, env: { ...portalEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });

// Compared line by line without indentation: the README nests them in a list.
const unindent = text => text.split('\n').map(line => line.trim()).join('\n');

function readmeDrift() {
  const readme = unindent(readFileSync(join(root, 'README.md'), 'utf8'));
  return readmeSnippets(version).filter(snippet => !readme.includes(unindent(snippet)));
}

/** The catalog's example entities and the projects of this repository's own portal. */
function portalConfig() {
  const own = YAML.parse(readFileSync(join(root, 'app-config.yaml'), 'utf8'));
  const { projects, defaultProject } = own.slipway;
  return YAML.stringify({
    catalog: {
      locations: [
        { type: 'file', target: join(root, 'examples/entities.yaml'), rules: [{ allow: ['Component', 'System', 'API', 'Resource', 'Location'] }] },
        { type: 'file', target: join(root, 'examples/org.yaml'), rules: [{ allow: ['Group', 'User'] }] },
      ],
    },
    slipway: { projects, defaultProject },
  });
}

// What create-app's own setup would give on another machine. It pins a new
// portal to its Backstage release with a yarn.lock seed it downloads from
// GitHub, which this machine cannot reach; without it the newest versions in
// range mix releases (a signals backend that needs a newer backend-defaults),
// so the test pins the versions the template names. And better-sqlite3 12, the
// template's, aborts Node 24.21 when it collects a statement; this
// repository's 13 does not.
function pinTemplateVersions(portal) {
  const pins = { 'better-sqlite3': BETTER_SQLITE3 };
  for (const workspace of ['app', 'backend']) {
    const { dependencies } = JSON.parse(readFileSync(join(portal, 'packages', workspace, 'package.json'), 'utf8'));
    for (const [name, range] of Object.entries(dependencies)) {
      if (name.startsWith('@backstage/') && /^\^\d/.test(range)) pins[name] = range.slice(1);
    }
  }
  const file = join(portal, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.resolutions = { ...pkg.resolutions, ...pins };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

function createPortal(system, tarballs) {
  const portal = join(work, `portal-${system}`);
  rmSync(portal, { recursive: true, force: true });
  console.log(`install: ${system} system: creating a portal with ${CREATE_APP}`);
  // The app's name comes from the environment instead of create-app's prompt.
  run('npx', ['-y', CREATE_APP, ...(system === 'legacy' ? ['--legacy'] : []), '--skip-install', '--path', portal], work, {
    BACKSTAGE_APP_NAME: `portal-${system}`,
  });
  pinTemplateVersions(portal);

  console.log(`install: ${system} system: adding Slipway as the README says`);
  cpSync(tarballs, join(portal, 'slipway'), { recursive: true });
  addResolutions(portal, version);
  for (const args of yarnAddCommands(version)) run('yarn', args, portal);
  addToBackend(portal);
  if (system === 'legacy') addToLegacyApp(portal);
  writeFileSync(join(portal, 'app-config.local.yaml'), portalConfig());

  console.log(`install: ${system} system: building the frontend`);
  run('yarn', ['workspace', 'app', 'build'], portal);
  return portal;
}

// A pipeline's static token, as the README's CLI section sets one up.
const cliToken = randomBytes(16).toString('hex');

function startPortal(portal, demoConfig) {
  const portConfig = writePortConfig('slipway-install-', port);
  const tokenConfig = join(portal, 'app-config.cli.yaml');
  writeFileSync(tokenConfig, YAML.stringify({
    backend: { auth: { externalAccess: [{ type: 'static', options: { token: cliToken, subject: 'ci-pipeline' } }] } },
  }));
  const backend = spawn(
    'yarn',
    ['workspace', 'backend', 'start', '--config', '../../app-config.yaml', '--config', '../../app-config.local.yaml',
      '--config', demoConfig, '--config', portConfig, '--config', tokenConfig],
    { cwd: portal, env: portalEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  backend.stdout.on('data', d => (log += d));
  backend.stderr.on('data', d => (log += d));
  process.on('exit', () => killGroup(backend));
  return { backend, log: () => log };
}

/** The CLI's tarball, unpacked with nothing else: it has no dependencies. */
async function cliChecks(system, cliDir) {
  const slipway = (...args) =>
    promisify(execFile)(process.execPath, [join(cliDir, 'package/bin/slipway'), ...args, '--server', baseUrl, '--token', cliToken]);
  await checks.check(`${system} system: the slipway CLI from its tarball lists payments and waits for it`, async () => {
    const { stdout } = await slipway('app', 'list', '--output', 'json');
    const refs = JSON.parse(stdout).items.map(app => app.entityRef);
    if (!refs.includes('component:default/payments')) throw new Error(`slipway app list gave ${refs.join(', ')}`);
    await slipway('app', 'wait', 'payments', '--timeout', '2m');
  });
}

const drift = readmeDrift();
if (drift.length) {
  console.log(`install: the README's install section differs from what this test does; missing:\n${drift.join('\n---\n')}`);
  process.exit(1);
}

mkdirSync(work, { recursive: true });
const tarballs = join(work, 'tarballs');
rmSync(tarballs, { recursive: true, force: true });
console.log('install: packing Slipway');
execFileSync(join(root, 'scripts/release/pack.sh'), [tarballs], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`install: ${readdirSync(tarballs).join(', ')}`);
const cliDir = join(work, 'cli');
rmSync(cliDir, { recursive: true, force: true });
mkdirSync(cliDir);
execFileSync('tar', ['-xzf', join(tarballs, `slipway-cli-${version}.tgz`), '-C', cliDir]);

console.log('install: starting the local demo infrastructure');
const demo = await startDemo(root);
const browser = await launchChromium();
try {
  for (const system of systems) {
    let portal;
    try {
      portal = createPortal(system, tarballs);
    } catch (error) {
      checks.fail(`${system} system: portal created and built`, new Error(`${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`.slice(-4000)));
      continue;
    }
    const { backend, log } = startPortal(portal, demo.configPath);
    try {
      await waitForHealth(`${baseUrl}/api/gitops/health`, backend, 300_000);
      await portalChecks({ browser, baseUrl, system, check: checks.check, shots: join(root, 'test-results/install', system) });
      await cliChecks(system, cliDir);
    } catch (error) {
      checks.fail(`${system} system: portal started`, error);
    } finally {
      killGroup(backend);
      await new Promise(r => (backend.exitCode !== null ? r() : backend.once('exit', r)));
    }
    if (checks.failed) console.log(`\n${system} backend log (tail):\n${log().split('\n').slice(-40).join('\n')}`);
    if (!process.env.SLIPWAY_INSTALL_KEEP) rmSync(portal, { recursive: true, force: true });
  }
} finally {
  await browser.close();
  await demo.stop();
}
process.exit(checks.summary('install'));
