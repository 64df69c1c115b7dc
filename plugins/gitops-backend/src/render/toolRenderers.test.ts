import { startGitServer, GitServer } from '@internal/test-env/src/gitServer';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { HelmRenderer } from './HelmRenderer';
import { KustomizeRenderer } from './KustomizeRenderer';
import { selectRenderer } from './selectRenderer';
import { splitRolloutDocuments } from './splitRolloutDocuments';
import { findOnPath } from './testing/findOnPath';
import { memoryTree } from './testing/memoryTree';

// Real renders need the binaries; scripts/infra/tools.sh builds them from the
// Go module proxy. Missing binaries fail these tests rather than skip them.
const requireTool = (name: string) => {
  const found = findOnPath(name);
  if (!found) {
    throw new Error(
      `${name} is not on PATH: run scripts/infra/tools.sh (scripts/setup.sh does)`,
    );
  }
  return found;
};

const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';

describe('config tools that are not installed', () => {
  it('say so and how to fix it', async () => {
    const tree = memoryTree({
      'kustomization.yaml': 'resources: [cm.yaml]\n',
      'cm.yaml': configMap,
    });
    await expect(
      new KustomizeRenderer({ binary: '/nonexistent/kustomize' }).render(tree, {
        namespace: 'x',
      }),
    ).rejects.toThrow(
      /^kustomize is not installed on the Slipway backend; install it on the PATH of the Slipway backend/,
    );
    const chart = memoryTree({
      'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    });
    await expect(
      new HelmRenderer({ binary: '/nonexistent/helm' }).render(chart, {
        namespace: 'x',
      }),
    ).rejects.toThrow(
      /^helm is not installed on the Slipway backend; install it/,
    );
  });
});

describe('KustomizeRenderer', () => {
  it('refuses remote bases before running anything', async () => {
    const tree = memoryTree({
      'kustomization.yaml':
        'resources:\n- https://example.invalid/org/repo//base?ref=v1\n',
    });
    await expect(
      new KustomizeRenderer({ binary: '/nonexistent/kustomize' }).render(tree, {
        namespace: 'x',
      }),
    ).rejects.toThrow(
      "kustomization.yaml: resources[0] 'https://example.invalid/org/repo//base?ref=v1' is a remote URL; vendor it into the repository",
    );
  });
});

describe('KustomizeRenderer with the kustomize binary', () => {
  beforeAll(() => requireTool('kustomize'));
  it('builds an overlay with the real binary', async () => {
    const tree = memoryTree({
      'kustomization.yaml':
        'namePrefix: prod-\nnamespace: shop\nresources:\n- base\n',
      'base/kustomization.yaml': 'resources:\n- cm.yaml\n',
      'base/cm.yaml': configMap,
    });
    const objects = await new KustomizeRenderer().render(tree, {
      namespace: 'default',
    });
    expect(objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'prod-settings', namespace: 'shop' },
        data: { a: '1' },
      },
    ]);
  });

  it('reports kustomize errors, e.g. files outside the root', async () => {
    const tree = memoryTree({
      'kustomization.yaml': 'resources:\n- ../../etc/hosts\n',
    });
    await expect(
      new KustomizeRenderer().render(tree, { namespace: 'default' }),
    ).rejects.toThrow(/^kustomize failed: Error: /);
  });
});

describe('HelmRenderer with the helm binary', () => {
  beforeAll(() => requireTool('helm'));
  const chart = {
    'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'values.yaml': 'replicas: 2\n',
    'templates/deployment.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}-web',
      '  namespace: {{ .Release.Namespace }}',
      'spec:',
      '  replicas: {{ .Values.replicas }}',
    ].join('\n'),
    'templates/canary.yaml':
      'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: {{ .Release.Name }}\n',
  };

  it('templates a chart with the real binary', async () => {
    const objects = await new HelmRenderer().render(memoryTree(chart), {
      namespace: 'shop',
      releaseName: 'checkout',
    });
    const { manifests, rollouts } = splitRolloutDocuments(objects);
    expect(manifests).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'checkout-web', namespace: 'shop' },
        spec: { replicas: 2 },
      },
    ]);
    expect(rollouts.map(r => r.metadata.name)).toEqual(['checkout']);
  });

  it('names the release after the chart by default and reports template errors', async () => {
    const objects = await new HelmRenderer().render(memoryTree(chart), {
      namespace: 'x',
    });
    expect(objects.find(o => o.kind === 'Deployment')?.metadata.name).toBe(
      'web-web',
    );
    const broken = {
      ...chart,
      'templates/bad.yaml': '{{ .Values.nope.deeper }}',
    };
    await expect(
      new HelmRenderer().render(memoryTree(broken), { namespace: 'x' }),
    ).rejects.toThrow(
      /^helm failed: Error: template: web\/templates\/bad\.yaml/,
    );
  });
});

describe('rendering an app from git', () => {
  let server: GitServer;
  let cacheDir: string;

  beforeAll(async () => {
    server = await startGitServer();
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-render-git-'));
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  });

  let url: string;
  beforeAll(async () => {
    url = await server.createBareRepo('apps', {
      'plain/app.yaml': `${configMap}---\napiVersion: slipway.dev/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\n`,
      'plain/README.md': '# docs',
      'overlay/kustomization.yaml': 'namePrefix: k-\nresources:\n- cm.yaml\n',
      'overlay/cm.yaml': configMap,
    });
  });

  it('selects and runs the renderer for the path read from a commit', async () => {
    const repo = new RepoCache({ cacheDir }).repo(url);
    const { sha } = await repo.sync('main');

    const plainTree = await repo.readTree(sha, 'plain');
    const plain = selectRenderer(await plainTree.list());
    expect(plain.name).toBe('plain');
    const split = splitRolloutDocuments(
      await plain.render(plainTree, { namespace: 'default' }),
    );
    expect(split.manifests.map(o => o.metadata.name)).toEqual(['settings']);
    expect(split.rollouts.map(o => o.kind)).toEqual(['Rollout']);

    const overlayTree = await repo.readTree(sha, 'overlay');
    const overlay = selectRenderer(await overlayTree.list());
    expect(overlay.name).toBe('kustomize');
  });

  describe('with the kustomize binary', () => {
    beforeAll(() => requireTool('kustomize'));
    it('renders a kustomize overlay read from git', async () => {
      const repo = new RepoCache({ cacheDir }).repo(url);
      const { sha } = await repo.sync('main');
      const tree = await repo.readTree(sha, 'overlay');
      const objects = await selectRenderer(await tree.list()).render(tree, {
        namespace: 'default',
      });
      expect(objects.map(o => o.metadata.name)).toEqual(['k-settings']);
    });
  });
});
