// Import rules for Slipway's source, checked by `yarn lint:deps` (part of `yarn lint:all`).
// Layers read top-down; a module may import only from its own layer or below:
//
//   plugin wiring, router  →  service (REST handlers)  →  sync engine  →  rollout engine
//     →  catalog, clusters, render, database, outbound, notifications  →  kube (shared Kubernetes vocabulary)
//
// See docs/architecture.md.
const backend = '^plugins/gitops-backend/src/';
const layer = folders => `${backend}(${folders.join('|')})/`;

/** Folders a layer must not import: everything above it. */
const forbidUpwards = (name, from, above, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: layer(from), pathNot: '\\.test\\.tsx?$|/__testUtils__/' },
  to: { path: `(${layer(above)})|(${backend}[^/]+\\.ts$)` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'Folders form a graph without cycles, so each can be read and changed from the bottom up.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No two modules import each other, directly or through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    forbidUpwards(
      'kube-is-the-bottom',
      ['kube'],
      ['catalog', 'clusters', 'render', 'database', 'outbound', 'schema', 'notifications', 'extensions', 'rollout', 'sync', 'service'],
      'kube/ holds the Kubernetes vocabulary every layer shares; it depends on no other folder.',
    ),
    forbidUpwards(
      'metrics-is-the-bottom',
      ['metrics'],
      ['kube', 'catalog', 'clusters', 'render', 'database', 'outbound', 'schema', 'notifications', 'extensions', 'rollout', 'sync', 'service'],
      'metrics/ holds the port every layer records its metrics through; it imports none of them.',
    ),
    forbidUpwards(
      'adapters-stay-below-engines',
      ['catalog', 'clusters', 'render', 'database', 'outbound', 'schema', 'notifications'],
      ['rollout', 'sync', 'service', 'extensions'],
      'Clusters, renderers, stores, the outbound guard, the REST contract and the owner notifier know nothing of the engines that use them.',
    ),
    forbidUpwards(
      'rollout-below-sync',
      ['rollout'],
      ['sync', 'service'],
      'The sync engine hands workloads to the rollout engine, never the other way round.',
    ),
    forbidUpwards(
      'engines-below-service',
      ['sync'],
      ['service'],
      'Engines do not know the REST API that drives them.',
    ),
    {
      name: 'packages-below-backend',
      comment: 'The shared packages never import the plugins built on them.',
      severity: 'error',
      from: { path: '^plugins/gitops-(common|node)/' },
      to: { path: '^plugins/(gitops|gitops-backend|gitops-backend-module-git-url-reader|scaffolder-backend-module-gitops)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|dist|dist-types|\\.test\\.tsx?$|__testUtils__|/testing/|/tests/|__fixtures__|setupTests' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['types', 'main'],
    },
  },
};
