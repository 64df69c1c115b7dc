import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { waitUntil } from '@internal/test-env';
import { KubeApiError } from '../../../clusters/KubeApiError';
import type { KubeHttpClient } from '../../../clusters/KubeHttpClient';

const FIELD_MANAGER = 'slipway-upstream-corpus';

/** What the dry runs need to know of one installed kind. */
export interface InstalledKind {
  crd: string;
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  servedVersions: string[];
}

interface CrdHead {
  metadata?: { name?: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string };
    versions?: Array<{ name?: string; served?: boolean }>;
  };
}

/**
 * The CRDs of a file as raw YAML texts with their names. Upstream CRDs are
 * written for Go's YAML reader, which takes things the `yaml` package
 * refuses (quoted descriptions continued at the key's indentation), so the
 * texts go to the API server as YAML and only the names are read here.
 */
function crdTexts(file: string): Array<{ text: string; head: CrdHead }> {
  const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
  return text
    .split(/^---[ \t]*$/m)
    .filter(part => /^kind:\s*CustomResourceDefinition\s*$/m.test(part))
    .map(part => {
      const [doc] = parseAllDocuments(part, { logLevel: 'silent' });
      return { text: part, head: doc.toJS() as CrdHead };
    });
}

/** Server-side apply of one YAML document (what `kubectl apply --server-side` sends). */
async function applyYaml(kc: KubeConfig, resourcePath: string, yaml: string) {
  const server = new URL(kc.getCurrentCluster()!.server);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  const url = new URL(resourcePath, server);
  url.searchParams.set('fieldManager', FIELD_MANAGER);
  url.searchParams.set('force', 'true');
  url.searchParams.set('fieldValidation', 'Strict');
  await new Promise<void>((resolve, reject) => {
    const req = https.request(url, {
      ...options,
      method: 'PATCH',
      headers: {
        ...options.headers,
        Accept: 'application/json',
        'Content-Type': 'application/apply-patch+yaml',
        'Content-Length': Buffer.byteLength(yaml),
      },
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.on('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else
          reject(
            KubeApiError.fromResponse(
              status,
              Buffer.concat(chunks).toString('utf8'),
            ).withContext(`apply ${resourcePath}`),
          );
      });
    });
    req.end(yaml);
  });
}

const isEstablished = (crd: {
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}) =>
  Boolean(
    crd.status?.conditions?.some(
      c => c.type === 'Established' && c.status === 'True',
    ),
  );

/**
 * Installs an upstream project's CRDs as they are released (server-side
 * apply, so a rerun or a second test run at the same time is a no-op and an
 * older copy is brought to the pinned version) and waits until each is
 * Established. They stay installed afterwards: see
 * docs/rollout-engine.md#the-upstream-corpus-test for why that is safe.
 */
export async function installUpstreamCrds(
  kc: KubeConfig,
  client: KubeHttpClient,
  root: string,
  files: string[],
): Promise<InstalledKind[]> {
  const installed: InstalledKind[] = [];
  for (const file of files) {
    for (const { text, head } of crdTexts(path.join(root, file))) {
      const name = head.metadata?.name;
      const names = head.spec?.names;
      if (!name || !head.spec?.group || !names?.kind || !names.plural) {
        throw new Error(`${file}: a CRD without name, group, kind or plural`);
      }
      await applyYaml(
        kc,
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
        text,
      );
      installed.push({
        crd: name,
        group: head.spec.group,
        kind: names.kind,
        plural: names.plural,
        namespaced: head.spec.scope === 'Namespaced',
        servedVersions: (head.spec.versions ?? [])
          .filter(v => v.served)
          .map(v => v.name!),
      });
    }
  }
  for (const { crd } of installed) {
    await waitUntil(
      () =>
        client.request(
          'GET',
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`,
        ),
      {
        description: `CRD ${crd} to be Established`,
        timeoutMs: 60_000,
        intervalMs: 200,
        until: isEstablished,
      },
    );
  }
  return installed;
}
