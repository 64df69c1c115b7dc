import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fetchUpstreamSource, UPSTREAM_SOURCES } from '@internal/test-env';
import { parseArgoRollout } from './parse';
import {
  argoAnalysisTemplateNames,
  argoEffectiveSteps,
  argoManagedServices,
  argoTrafficRouters,
} from './helpers';

/*
 * Argo Rollouts' own Rollouts, read from its source at the pinned release
 * (`UPSTREAM_SOURCES.argoRollouts`, fetched through the Go module proxy,
 * never copied here): every one parses, or is refused only for features
 * Slipway does not run, with exactly these messages.
 */

const VERSION = UPSTREAM_SOURCES.argoRollouts.version;

/** The Argo Rollouts source tree, fetched once per test file. */
let sourceDir: Promise<string> | undefined;
const argoRolloutsRoot = () =>
  (sourceDir ??= fetchUpstreamSource('argoRollouts').then(
    source => source.dir,
  ));

const ROUTERS =
  'Slipway routes traffic with nginx, istio, apisix, smi or the argoproj-labs/gatewayAPI plugin';
const EXPERIMENT = (i: number) =>
  `spec.strategy.canary.steps[${i}].experiment: experiment steps are not supported by Slipway`;
const ROUTER = (field: string, name: string) =>
  `spec.strategy.canary.trafficRouting.${field}: the ${name} traffic router is not supported by Slipway; ${ROUTERS}`;

/** Every Rollout in examples/ and docs/getting-started/, with the errors expected (none: it parses). */
const EXPECTED: Record<string, string[]> = {
  'docs/getting-started/alb/rollout.yaml': [ROUTER('alb', 'AWS ALB')],
  'docs/getting-started/basic/rollout.yaml': [],
  'docs/getting-started/istio/rollout.yaml': [],
  'docs/getting-started/mixed/rollout.yaml': [],
  'docs/getting-started/nginx/rollout.yaml': [],
  'docs/getting-started/smi/rollout.yaml': [],
  'examples/ambassador/rollout.yaml': [ROUTER('ambassador', 'Ambassador')],
  'examples/apisix/rollout.yaml': [],
  'examples/appmesh/canary-rollout.yaml': [ROUTER('appMesh', 'AWS App Mesh')],
  'examples/istio/istio-mirror.yaml': [
    'spec.strategy.canary.steps[1].setMirrorRoute: traffic mirroring (setMirrorRoute) is not supported by Slipway',
  ],
  'examples/istio/istio-subset-split.yaml': [],
  'examples/notifications/rollout-canary.yaml': [],
  'examples/rollout-analysis-step.yaml': [],
  'examples/rollout-background-analysis.yaml': [],
  'examples/rollout-baseline-vs-canary.yaml': [EXPERIMENT(0)],
  'examples/rollout-bluegreen.yaml': [],
  'examples/rollout-canary-preview.yaml': [EXPERIMENT(0)],
  'examples/rollout-canary.yaml': [],
  'examples/rollout-experiment-step.yaml': [EXPERIMENT(1)],
  'examples/rollout-rolling-update.yaml': [],
  'examples/rollout-secret.yaml': [],
  'examples/rollout-template-ref.yaml': [],
  'examples/traffic-management/rollout-linkerd.yaml': [],
  'examples/traffic-routing-experiment-step/istio-host-split-experiment-step.yaml':
    [EXPERIMENT(1)],
  'examples/traffic-routing-experiment-step/rollout-alb-experiment-step.yaml': [
    EXPERIMENT(1),
    ROUTER('alb', 'AWS ALB'),
  ],
  'examples/traffic-routing-experiment-step/rollout-smi-experiment-step.yaml': [
    EXPERIMENT(1),
  ],
  'examples/workload-ref/workload-ref.yaml': [],
};

/** A Helm chart's template, not YAML until rendered; its Rollout is rollout-bluegreen.yaml's. */
const SKIPPED = ['examples/helm-blue-green/templates/'];

function filesUnder(root: string, dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (pattern.test(entry.name)) found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, dir));
  return found.sort();
}

function rolloutsIn(text: string): unknown[] {
  // Some files are templates for other tools; quiet yaml's warnings about them.
  return parseAllDocuments(text, { logLevel: 'error' })
    .map(doc => doc.toJS())
    .filter(
      (doc: { apiVersion?: string; kind?: string } | null) =>
        doc?.apiVersion === 'argoproj.io/v1alpha1' && doc.kind === 'Rollout',
    );
}

describe(`Argo Rollouts ${VERSION} examples and getting-started manifests`, () => {
  let rollouts: { file: string; doc: unknown }[] = [];
  beforeAll(async () => {
    const dir = await argoRolloutsRoot();
    const files = [
      ...filesUnder(dir, 'examples', /\.ya?ml$/),
      ...filesUnder(dir, 'docs/getting-started', /\.ya?ml$/),
    ].filter(file => !SKIPPED.some(skip => file.startsWith(skip)));
    rollouts = files.flatMap(file =>
      rolloutsIn(fs.readFileSync(path.join(dir, file), 'utf8')).map(doc => ({
        file,
        doc,
      })),
    );
  });

  it('finds exactly the Rollouts listed here', () => {
    expect(rollouts.map(r => r.file).sort()).toEqual(
      Object.keys(EXPECTED).sort(),
    );
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    const { doc } = rollouts.find(r => r.file === file)!;
    const result = parseArgoRollout(doc);
    expect(result.errors).toEqual(expected);
    expect(result.warnings).toEqual([]);
    expect(result.spec !== undefined).toBe(expected.length === 0);
  });

  it('reads the basic canary guide: steps, pauses, no routing', () => {
    const { doc } = rollouts.find(
      r => r.file === 'docs/getting-started/basic/rollout.yaml',
    )!;
    const spec = parseArgoRollout(doc).spec!;
    expect(spec.replicas).toBe(5);
    expect(spec.revisionHistoryLimit).toBe(2);
    expect(argoTrafficRouters(spec)).toEqual([]);
    expect(argoEffectiveSteps(spec)).toEqual([
      { stepIndex: 0, kind: 'setWeight', weight: 20 },
      { stepIndex: 1, kind: 'pause', durationSeconds: undefined },
      { stepIndex: 2, kind: 'setWeight', weight: 40 },
      { stepIndex: 3, kind: 'pause', durationSeconds: 10 },
      { stepIndex: 4, kind: 'setWeight', weight: 60 },
      { stepIndex: 5, kind: 'pause', durationSeconds: 10 },
      { stepIndex: 6, kind: 'setWeight', weight: 80 },
      { stepIndex: 7, kind: 'pause', durationSeconds: 10 },
    ]);
  });

  it('reads the istio guide: two VirtualServices, with routes', () => {
    const { doc } = rollouts.find(
      r => r.file === 'docs/getting-started/istio/rollout.yaml',
    )!;
    const spec = parseArgoRollout(doc).spec!;
    expect(
      spec.strategy.kind === 'canary' && spec.strategy.trafficRouting,
    ).toEqual({
      istio: {
        virtualServices: [
          {
            name: 'rollouts-demo-vsvc1',
            namespace: undefined,
            routes: ['primary'],
            tlsRoutes: [],
            tcpRoutes: [],
          },
          {
            name: 'rollouts-demo-vsvc2',
            namespace: undefined,
            routes: ['secondary'],
            tlsRoutes: [],
            tcpRoutes: [],
          },
        ],
        destinationRule: undefined,
      },
      otherPlugins: {},
      managedRoutes: [],
      maxTrafficWeight: 100,
    });
    expect(argoManagedServices(spec)).toEqual([
      { role: 'stable', name: 'rollouts-demo-stable' },
      { role: 'canary', name: 'rollouts-demo-canary' },
    ]);
  });

  it('reads the mixed guide: nginx and SMI at once', () => {
    const { doc } = rollouts.find(
      r => r.file === 'docs/getting-started/mixed/rollout.yaml',
    )!;
    const spec = parseArgoRollout(doc).spec!;
    expect(argoTrafficRouters(spec)).toEqual(['nginx', 'smi']);
  });

  it('reads the APISIX example, whose first step scales the canary and adds a header route', () => {
    const { doc } = rollouts.find(
      r => r.file === 'examples/apisix/rollout.yaml',
    )!;
    const spec = parseArgoRollout(doc).spec!;
    expect(argoEffectiveSteps(spec).filter(a => a.stepIndex === 0)).toEqual([
      { stepIndex: 0, kind: 'setCanaryScale', scale: { replicas: 1 } },
      {
        stepIndex: 0,
        kind: 'setHeaderRoute',
        route: {
          name: 'set-header',
          match: [{ headerName: 'trace', headerValue: { exact: 'debug' } }],
        },
      },
    ]);
  });

  it('reads the analysis examples: step templates, cluster-scoped ones, background', () => {
    const names = (file: string) =>
      argoAnalysisTemplateNames(
        parseArgoRollout(rollouts.find(r => r.file === file)!.doc).spec!,
      );
    expect(names('examples/rollout-analysis-step.yaml')).toEqual({
      namespaced: ['random-fail'],
      clusterScoped: ['always-pass'],
    });
    expect(names('examples/rollout-background-analysis.yaml')).toEqual({
      namespaced: ['random-fail'],
      clusterScoped: [],
    });
  });

  it('reads the workloadRef example', () => {
    const { doc } = rollouts.find(
      r => r.file === 'examples/workload-ref/workload-ref.yaml',
    )!;
    const spec = parseArgoRollout(doc).spec!;
    expect(spec.workloadRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'rollout-ref-deployment',
      scaleDown: 'never',
    });
    expect(spec.template).toBeUndefined();
    expect(spec.selector).toBeUndefined();
  });
});

/** ```yaml blocks of a Markdown page, unindented (mkdocs tabs indent them). */
function yamlBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^([ \t]*)```ya?ml[^\n]*\n([\s\S]*?)^\1```/gm;
  for (const match of markdown.matchAll(fence)) {
    const indent = match[1].length;
    blocks.push(
      match[2]
        .split('\n')
        .map(line => line.slice(Math.min(indent, line.search(/\S|$/))))
        // `...` stands for elided fields; to YAML it ends the document.
        .filter(line => line.trim() !== '...')
        .join('\n'),
    );
  }
  return blocks;
}

type Doc = {
  apiVersion?: string;
  kind?: string;
  metadata?: unknown;
  spec?: {
    selector?: unknown;
    template?: unknown;
    workloadRef?: unknown;
    strategy?: unknown;
    steps?: unknown;
  };
};

/**
 * Fills in what the guides' snippets elide: identity, a pod template with
 * its selector, and `strategy.canary` around `steps`.
 */
function completed(doc: Doc): Doc {
  let spec = doc.spec ?? {};
  if (spec.steps && !spec.strategy) {
    const { steps, ...rest } = spec;
    spec = { ...rest, strategy: { canary: { steps } } };
  }
  const elided = !spec.selector && !spec.template && !spec.workloadRef;
  return {
    ...doc,
    apiVersion: doc.apiVersion ?? 'argoproj.io/v1alpha1',
    metadata: doc.metadata ?? { name: 'snippet' },
    spec: elided
      ? {
          ...spec,
          selector: { matchLabels: { app: 'snippet' } },
          template: {
            metadata: { labels: { app: 'snippet' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        }
      : spec,
  };
}

describe(`Argo Rollouts ${VERSION} guides: the Rollout snippets of their pages`, () => {
  let snippets: { name: string; doc: Doc }[] = [];
  beforeAll(async () => {
    const dir = await argoRolloutsRoot();
    const pages = [
      ...filesUnder(dir, 'docs/getting-started', /\.md$/),
      'docs/features/analysis.md',
      'docs/features/bluegreen.md',
      'docs/features/canary/index.md',
      'docs/features/traffic-management/apisix.md',
      'docs/features/traffic-management/index.md',
      'docs/features/traffic-management/istio.md',
      'docs/features/traffic-management/mixed.md',
      'docs/features/traffic-management/nginx.md',
      'docs/features/traffic-management/smi.md',
    ];
    snippets = pages.flatMap(page =>
      yamlBlocks(fs.readFileSync(path.join(dir, page), 'utf8')).flatMap(
        (block, i) => {
          const docs = parseAllDocuments(block, { logLevel: 'error' });
          // Some blocks are fragments of a larger document, not YAML on their own.
          if (docs.some(doc => doc.errors.length > 0)) return [];
          return docs
            .map(doc => {
              try {
                return doc.toJS() as Doc | null;
              } catch {
                return null; // `autoPromotionSeconds: *int32`: a type, read as an alias
              }
            })
            .filter(doc => doc?.kind === 'Rollout' && doc.spec)
            .map(doc => ({ name: `${page} block ${i}`, doc: completed(doc!) }));
        },
      ),
    );
  });

  it('finds the snippets', () => {
    expect(snippets.length).toBe(33);
  });

  /** Snippets that show alternatives side by side, refused as the controller refuses them. */
  const ILLUSTRATIONS: Record<string, string[]> = {
    // managedRoutes alone, the router elided.
    'docs/features/traffic-management/index.md block 1': [
      'spec.strategy.canary.trafficRouting: must configure a traffic router: nginx, istio, apisix, smi or plugins',
    ],
    // "Either stableIngress or stableIngresses must be configured, but not both", showing both.
    'docs/features/traffic-management/nginx.md block 0': [
      'spec.strategy.canary.trafficRouting.nginx: must set exactly one of stableIngress and stableIngresses',
    ],
  };

  it('parses every snippet, or refuses only what Slipway does not run', () => {
    const outcome = snippets.map(({ name, doc }) => {
      const { errors } = parseArgoRollout(doc);
      const expected = ILLUSTRATIONS[name] ?? [];
      return {
        name,
        // Anything but the expected errors and Slipway's refusals.
        errors: errors.filter(
          e =>
            !expected.includes(e) && !e.includes('is not supported by Slipway'),
        ),
        missing: expected.filter(e => !errors.includes(e)),
        refused: errors.length > 0,
      };
    });
    expect(
      outcome.filter(o => o.errors.length > 0 || o.missing.length > 0),
    ).toEqual([]);
    expect(
      Object.keys(ILLUSTRATIONS).filter(
        name => !snippets.some(snippet => snippet.name === name),
      ),
    ).toEqual([]);
    // Most need nothing Slipway lacks.
    expect(outcome.filter(o => !o.refused).length).toBe(29);
  });

  it('reads the background analysis that starts at step 2', () => {
    const snippet = snippets.find(({ doc }) =>
      JSON.stringify(doc).includes('"startingStep":2'),
    )!;
    const spec = parseArgoRollout(snippet.doc).spec!;
    expect(spec.strategy.kind === 'canary' && spec.strategy.analysis).toEqual({
      templates: [{ templateName: 'success-rate', clusterScope: false }],
      args: [
        {
          name: 'service-name',
          value: 'guestbook-svc.default.svc.cluster.local',
        },
      ],
      dryRun: [],
      measurementRetention: [],
      analysisRunMetadata: { labels: {}, annotations: {} },
      startingStep: 2,
    });
  });

  it('reads the blue-green page example: manual promotion', () => {
    const snippet = snippets.find(({ name }) =>
      name.startsWith('docs/features/bluegreen.md'),
    )!;
    const spec = parseArgoRollout(snippet.doc).spec!;
    expect(spec.strategy).toMatchObject({
      kind: 'blueGreen',
      activeService: 'rollout-bluegreen-active',
      previewService: 'rollout-bluegreen-preview',
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 30,
    });
  });
});
