import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RepoCache } from '@slipway/plugin-gitops-node';
import { HelmRenderer } from './HelmRenderer';
import { KustomizeRenderer } from './KustomizeRenderer';
import { memoryTree } from './testing/memoryTree';
import {
  requireBinary,
  startCountingServer,
  victimSecret,
  victimSecretManifest,
} from './testing/victim';

// Attacks through the renderers the sync engine runs, real binaries in the
// real sandbox: each is refused before the tool starts, with a message
// naming the file and field, and nothing of the victim comes back.

let repos: RepoCache;
let secret: string;
let victimDir: string;

beforeAll(() => {
  requireBinary('bwrap');
  requireBinary('kustomize');
  requireBinary('helm');
  repos = new RepoCache({});
  secret = victimSecret();
  victimDir = path.join(repos.cacheDir, 'team-b');
  fs.mkdirSync(victimDir);
  fs.writeFileSync(
    path.join(victimDir, 'kustomization.yaml'),
    'resources: [secret.yaml]\n',
  );
  fs.writeFileSync(
    path.join(victimDir, 'secret.yaml'),
    victimSecretManifest(secret),
  );
});
afterAll(() => fs.rmSync(repos.cacheDir, { recursive: true, force: true }));

const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

async function kustomizeFailure(kustomization: string): Promise<string> {
  const tree = memoryTree({
    'overlay/kustomization.yaml': kustomization,
    'overlay/cm.yaml': configMap,
  });
  const outcome = await new KustomizeRenderer()
    .render(tree, { namespace: 'x' })
    .then(
      objects => ({ objects }),
      (error: Error) => ({ error }),
    );
  if (!('error' in outcome)) {
    throw new Error(`rendered: ${JSON.stringify(outcome.objects)}`);
  }
  expect(outcome.error.message).not.toContain(secret);
  return outcome.error.message;
}

describe('kustomizations that reach outside the app', () => {
  it('are refused field by field, naming the field', async () => {
    const url = 'https://example.invalid/org/repo';
    const cases: Array<[string, string]> = [
      [
        `resources:\n- file://${victimDir}\n`,
        `overlay/kustomization.yaml: resources[0] 'file://${victimDir}' is a file URL; name files inside the app's folder by relative path`,
      ],
      [
        `resources:\n- cm.yaml\n- ${victimDir}\n`,
        `overlay/kustomization.yaml: resources[1] '${victimDir}' is an absolute path; name files inside the app's folder by relative path`,
      ],
      [
        `bases:\n- git::file://${repos.cacheDir}/x.git//team\n`,
        `overlay/kustomization.yaml: bases[0] 'git::file://${repos.cacheDir}/x.git//team' is a remote URL; vendor it into the repository`,
      ],
      [
        'components:\n- github.com/org/repo/base?ref=v1\n',
        "overlay/kustomization.yaml: components[0] 'github.com/org/repo/base?ref=v1' is a remote URL",
      ],
      [
        `configMapGenerator:\n- name: a\n  files:\n  - local.txt\n  - key=${url}/file\n`,
        `overlay/kustomization.yaml: configMapGenerator[0].files[1] '${url}/file' is a remote URL; vendor it into the repository`,
      ],
      [
        `secretGenerator:\n- name: a\n  envs:\n  - /etc/environment\n`,
        "overlay/kustomization.yaml: secretGenerator[0].envs[0] '/etc/environment' is an absolute path",
      ],
      [
        `patches:\n- path: ${url}/patch.yaml\n`,
        `overlay/kustomization.yaml: patches[0].path '${url}/patch.yaml' is a remote URL`,
      ],
      [
        `patchesStrategicMerge:\n- ${url}/patch.yaml\n`,
        `overlay/kustomization.yaml: patchesStrategicMerge[0] '${url}/patch.yaml' is a remote URL`,
      ],
      [
        `patchesJson6902:\n- path: /etc/hosts\n  target: {kind: ConfigMap, name: settings}\n`,
        "overlay/kustomization.yaml: patchesJson6902[0].path '/etc/hosts' is an absolute path",
      ],
      [
        `openapi:\n  path: ${url}/schema.json\n`,
        `overlay/kustomization.yaml: openapi.path '${url}/schema.json' is a remote URL`,
      ],
      [
        `crds:\n- ${url}/crd.yaml\n`,
        `overlay/kustomization.yaml: crds[0] '${url}/crd.yaml' is a remote URL`,
      ],
      [
        `replacements:\n- path: ${url}/r.yaml\n`,
        `overlay/kustomization.yaml: replacements[0].path '${url}/r.yaml' is a remote URL`,
      ],
      [
        `configurations:\n- ~/.kube/config\n`,
        "overlay/kustomization.yaml: configurations[0] '~/.kube/config' is an absolute path",
      ],
    ];
    for (const [kustomization, expected] of cases) {
      expect(await kustomizeFailure(kustomization)).toContain(expected);
    }
  }, 60_000);

  it('fetch nothing when a URL hides where the check does not look', async () => {
    // A builtin generator's config file is not a kustomization, so the
    // early check never reads it: only the sandbox stops the fetch.
    const server = await startCountingServer(secret);
    try {
      const tree = memoryTree({
        'kustomization.yaml': 'generators: [generator.yaml]\n',
        'generator.yaml': `apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: fetched\nfiles:\n- ${server.url}/leak\n`,
      });
      const render = (sandbox: boolean) =>
        new KustomizeRenderer({ sandbox }).render(tree, { namespace: 'x' });
      expect(JSON.stringify(await render(false))).toContain(secret);
      expect(server.requests).toEqual(['/leak']);

      const error = await render(true).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^kustomize failed: Error: /);
      expect(error?.message).not.toContain(secret);
      expect(server.requests).toEqual(['/leak']); // none from the sandbox
    } finally {
      await server.close();
    }
  }, 60_000);

  it('leave relative paths to kustomize, which keeps them inside the app', async () => {
    const message = await kustomizeFailure(
      'resources:\n- ../../../../team-b/secret.yaml\n',
    );
    expect(message).toMatch(/^kustomize failed: Error: /);
  }, 60_000);

  it('leave overlays, bases and local generators rendering', async () => {
    const tree = memoryTree({
      'kustomization.yaml':
        'resources: [base]\nconfigMapGenerator:\n- name: gen\n  files: [conf=conf.txt]\n  envs: [app.env]\ngeneratorOptions:\n  disableNameSuffixHash: true\n',
      'conf.txt': 'x',
      'app.env': 'A=1\n',
      'base/kustomization.yaml': 'resources: [cm.yaml]\n',
      'base/cm.yaml': configMap,
    });
    const objects = await new KustomizeRenderer().render(tree, {
      namespace: 'x',
    });
    expect(objects.map(o => o.metadata.name).sort()).toEqual([
      'gen',
      'settings',
    ]);
  }, 60_000);
});

describe('charts whose values.schema.json reaches outside', () => {
  const chart = {
    'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'values.yaml': 'token: guess\n',
    'templates/cm.yaml': configMap,
  };

  it('are refused, naming the $ref, with no request made', async () => {
    const server = await startCountingServer(
      JSON.stringify({ properties: { token: { enum: [secret] } } }),
    );
    try {
      for (const [file, ref] of [
        ['values.schema.json', `${server.url}/schema.json`],
        ['values.schema.json', `file://${victimDir}/schema.json`],
        ['charts/db/values.schema.json', '../../etc/schema.json'],
      ]) {
        const schema = {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          properties: { token: { $ref: ref } },
        };
        const tree = memoryTree({
          ...chart,
          'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
          [file]: JSON.stringify(schema),
        });
        const error = await new HelmRenderer()
          .render(tree, { namespace: 'x' })
          .then(
            () => undefined,
            (e: Error) => e,
          );
        expect(error?.message).toBe(
          `${file}: $ref '${ref}' at /properties/token/$ref points outside the schema (Helm would read it from the backend's disk or the network); only references within the file ('#/…') are allowed`,
        );
      }
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('still render with references within the schema', async () => {
    const tree = memoryTree({
      ...chart,
      'values.schema.json': JSON.stringify({
        $schema: 'https://json-schema.org/draft-07/schema#',
        definitions: { token: { type: 'string' } },
        properties: { token: { $ref: '#/definitions/token' } },
      }),
    });
    const objects = await new HelmRenderer().render(tree, { namespace: 'x' });
    expect(objects.map(o => o.metadata.name)).toEqual(['settings']);
  }, 60_000);
});

describe('the git cache folder', () => {
  it('has a random name per process, readable by the backend alone', () => {
    const other = new RepoCache({});
    try {
      expect(repos.cacheDir).not.toBe(other.cacheDir);
      expect(path.dirname(repos.cacheDir)).toBe(os.tmpdir());
      expect(path.basename(repos.cacheDir)).toMatch(/^slipway-repos-.{6}$/);
      expect(fs.statSync(other.cacheDir).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(other.cacheDir, { recursive: true, force: true });
    }
  });

  it('is created, or tightened, to mode 0700 when configured', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-cachedir-'));
    try {
      const created = path.join(parent, 'new', 'cache');
      expect(new RepoCache({ cacheDir: created }).cacheDir).toBe(created);
      expect(fs.statSync(created).mode & 0o777).toBe(0o700);

      const existing = path.join(parent, 'existing');
      fs.mkdirSync(existing, { mode: 0o755 });
      fs.chmodSync(existing, 0o755);
      expect(new RepoCache({ cacheDir: existing }).cacheDir).toBe(existing);
      expect(fs.statSync(existing).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
