// The README's "Install into an existing portal" steps, as the install test
// applies them to a portal made by @backstage/create-app. run.mjs checks that
// the README shows each snippet verbatim, so the two cannot drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const tarball = (name, version) => `slipway/slipway-${name}-${version}.tgz`;

/** Slipway's packages depend on each other: these resolve to the tarballs too. */
export function resolutions(version) {
  return {
    '@slipway/plugin-gitops-common': `file:./${tarball('plugin-gitops-common', version)}`,
    '@slipway/plugin-gitops-node': `file:./${tarball('plugin-gitops-node', version)}`,
  };
}

export function yarnAddCommands(version) {
  const add = name => `@slipway/${name}@file:../../${tarball(name, version)}`;
  return [
    ['workspace', 'backend', 'add', add('plugin-gitops-backend'), add('plugin-scaffolder-backend-module-gitops')],
    ['workspace', 'app', 'add', add('plugin-gitops')],
  ];
}

export const backendLines = `// Slipway: GitOps sync and progressive delivery
backend.add(import('@slipway/plugin-gitops-backend'));
backend.add(import('@slipway/plugin-scaffolder-backend-module-gitops'));
`;

export const entityPageImport = `import {
  EntityCanaryContent,
  EntityGitopsContent,
  EntityGitopsHistoryContent,
  EntityGitopsOverviewCard,
  isGitopsAvailable,
} from '@slipway/plugin-gitops';
`;

export const overviewCard = `    <EntitySwitch>
      <EntitySwitch.Case if={isGitopsAvailable}>
        <Grid item md={6}>
          <EntityGitopsOverviewCard />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
`;

export const entityRoutes = `    <EntityLayout.Route path="/gitops" title="GitOps">
      <EntityGitopsContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/history" title="History">
      <EntityGitopsHistoryContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/canary" title="Canary">
      <EntityCanaryContent />
    </EntityLayout.Route>
`;

export const fleetImport = `import { GitopsFleetPage } from '@slipway/plugin-gitops';
`;

export const fleetRoute = `    <Route path="/gitops" element={<GitopsFleetPage />} />
`;

/** Every snippet the README must show, in its words. */
export function readmeSnippets(version) {
  return [
    ...yarnAddCommands(version).map(args => `yarn ${args.join(' ')}`),
    ...Object.entries(resolutions(version)).map(([name, range]) => `"${name}": "${range}"`),
    backendLines,
    entityPageImport,
    overviewCard,
    entityRoutes,
    fleetImport,
    fleetRoute,
  ];
}

/** Inserts `text` next to the first `anchor` in a portal's file; a template that changed fails loudly. */
function insert(file, anchor, text, where) {
  const source = readFileSync(file, 'utf8');
  const at = source.indexOf(anchor);
  if (at < 0) throw new Error(`${file} no longer contains ${JSON.stringify(anchor)}`);
  const cut = where === 'before' ? at : at + anchor.length;
  writeFileSync(file, source.slice(0, cut) + text + source.slice(cut));
}

export function addResolutions(portal, version) {
  const file = join(portal, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.resolutions = { ...pkg.resolutions, ...resolutions(version) };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

export function addToBackend(portal) {
  insert(join(portal, 'packages/backend/src/index.ts'), 'backend.start();', `${backendLines}\n`, 'before');
}

/** The legacy frontend system: tabs and card in EntityPage.tsx, the fleet page in App.tsx. */
export function addToLegacyApp(portal) {
  const entityPage = join(portal, 'packages/app/src/components/catalog/EntityPage.tsx');
  insert(entityPage, '', entityPageImport, 'before');
  insert(entityPage, '      <EntityAboutCard />\n    </Grid>\n', overviewCard, 'after');
  insert(
    entityPage,
    '    <EntityLayout.Route path="/ci-cd" title="CI/CD">\n      {cicdContent}\n    </EntityLayout.Route>\n',
    entityRoutes,
    'after',
  );
  const app = join(portal, 'packages/app/src/App.tsx');
  insert(app, '', fleetImport, 'before');
  insert(app, '  </FlatRoutes>', fleetRoute, 'before');
}
