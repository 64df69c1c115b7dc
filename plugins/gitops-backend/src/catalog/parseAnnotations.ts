import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { SLIPWAY_ANNOTATIONS as A } from '@slipway/plugin-gitops-common';
import {
  checkDestination,
  checkSourcePath,
  checkSourceRepo,
  ProjectSettings,
  resolveProject,
} from '@slipway/plugin-gitops-node';
import { AppSpec, ParsedApp } from './AppSpec';

// RFC 1123 label, as Kubernetes requires for namespace names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTER_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;

/**
 * Turns an entity's `slipway.dev/*` annotations into one app per cluster,
 * each inside the entity's project. Every problem, including a repository,
 * folder or destination the project does not grant, becomes an invalid app
 * carrying a message for the entity page; this never throws, so one bad
 * entity cannot stop the others.
 */
export function parseAnnotations(entity: Entity, projects: ProjectSettings): ParsedApp[] {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const clusters = (annotations[A.clusters] ?? '')
    .split(',')
    .map(c => c.trim())
    .filter(Boolean);

  const invalidAll = (message: string): ParsedApp[] => {
    const names = clusters.length ? clusters : ['-'];
    return names.map(cluster => ({
      valid: false,
      key: `${entityRef}@${cluster}`,
      entityRef,
      cluster,
      message,
    }));
  };

  const errors: string[] = [];
  const repoUrl = annotations[A.repo]?.trim() ?? '';
  if (!repoUrl) errors.push(`${A.repo} is required`);
  else if (!isHttpUrl(repoUrl)) {
    errors.push(`${A.repo} must be an http(s) URL, got '${maskUserinfo(repoUrl)}'`);
  }
  if (!clusters.length) errors.push(`${A.clusters} is required`);
  const badCluster = clusters.find(c => !CLUSTER_NAME.test(c));
  if (badCluster) errors.push(`${A.clusters} has an invalid name '${badCluster}'`);
  if (new Set(clusters).size !== clusters.length) {
    errors.push(`${A.clusters} names a cluster twice`);
  }

  const namespace = annotations[A.namespace]?.trim() || 'default';
  if (!DNS_LABEL.test(namespace)) {
    errors.push(`${A.namespace} '${namespace}' is not a valid namespace name`);
  }

  const syncPolicy = annotations[A.syncPolicy]?.trim() || 'manual';
  if (syncPolicy !== 'auto' && syncPolicy !== 'manual') {
    errors.push(`${A.syncPolicy} must be 'auto' or 'manual', got '${syncPolicy}'`);
  }
  const prune = parseBoolean(annotations[A.prune], A.prune, errors);
  const selfHeal = parseBoolean(annotations[A.selfHeal], A.selfHeal, errors);

  const rawPath = annotations[A.path]?.trim() ?? '';
  const pathError = checkPath(rawPath);
  if (pathError) errors.push(pathError);

  const canary = annotations[A.canary]?.trim() || undefined;
  if (canary !== undefined && !DNS_LABEL.test(canary)) {
    errors.push(`${A.canary} '${canary}' is not a valid workload name`);
  }

  if (errors.length) return invalidAll(errors.join('; '));
  const resolution = resolveProject(projects, entity);
  if ('error' in resolution) return invalidAll(resolution.error);
  const { project } = resolution;

  return clusters.map((cluster): ParsedApp => {
    const app: AppSpec = {
      key: `${entityRef}@${cluster}`,
      entityRef,
      cluster,
      repoUrl,
      path: normalizePath(rawPath.replaceAll('{cluster}', cluster)),
      revision: annotations[A.revision]?.trim() || undefined,
      namespace,
      syncPolicy: syncPolicy as 'auto' | 'manual',
      prune,
      selfHeal,
      canary,
      project,
    };
    const denials = [
      checkSourceRepo(project, repoUrl),
      checkSourcePath(project, app.path),
      checkDestination(project, cluster, namespace),
    ].flatMap(d => (d ? [`Refused by ${d.rule}: ${d.message}`] : []));
    if (denials.length) {
      return { valid: false, key: app.key, entityRef, cluster, message: denials.join('; ') };
    }
    return { valid: true, ...app };
  });
}

function parseBoolean(value: string | undefined, key: string, errors: string[]) {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  errors.push(`${key} must be 'true' or 'false', got '${value}'`);
  return false;
}

// The path is checked again against git objects; refusing here gives the
// owner the message on the entity page before any fetch happens.
function checkPath(path: string): string | undefined {
  if (path.startsWith('/')) return `${A.path} must be relative to the repository root`;
  if (path.split('/').some(part => part === '..')) {
    return `${A.path} must not contain '..'`;
  }
  if (/[\\\0]/.test(path)) return `${A.path} contains a forbidden character`;
  const placeholders = path.match(/\{[^}]*\}/g) ?? [];
  const unknown = placeholders.find(p => p !== '{cluster}');
  if (unknown) return `${A.path} has an unknown placeholder '${unknown}' (only {cluster})`;
  return undefined;
}

function normalizePath(path: string): string {
  return path
    .split('/')
    .filter(part => part && part !== '.')
    .join('/');
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function maskUserinfo(value: string): string {
  return value.replace(/\/\/[^/@]*@/, '//***@');
}
