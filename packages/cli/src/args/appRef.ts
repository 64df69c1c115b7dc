import { CliError, ExitCode } from '../exitCodes';

/** The catalog entity an APP argument names. */
export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

/** An APP argument: the entity and, when given, the cluster. */
export interface AppRef {
  entity: EntityName;
  cluster?: string;
}

/** `component:default/payments`, as the API writes entity refs. */
export const entityRef = (e: EntityName) =>
  `${e.kind}:${e.namespace}/${e.name}`;

/** `component:default/payments@production`, the API's app key. */
export const appKey = (e: EntityName, cluster: string) =>
  `${entityRef(e)}@${cluster}`;

/**
 * Parses `[kind:][namespace/]name[@cluster]`: kind defaults to `component`
 * and namespace to `default`, as in Backstage's entity refs; the cluster
 * may also come from `--cluster`.
 */
export function parseAppRef(text: string, clusterOption?: string): AppRef {
  const at = text.lastIndexOf('@');
  const ref = at >= 0 ? text.slice(0, at) : text;
  const cluster = at >= 0 ? text.slice(at + 1) : undefined;
  const match = /^(?:([^:/@]+):)?(?:([^:/@]+)\/)?([^:/@]+)$/.exec(ref);
  if (!match || cluster === '') {
    throw new CliError(
      ExitCode.Usage,
      `'${text}' is no app: write [kind:][namespace/]name[@cluster], e.g. component:default/payments@production`,
    );
  }
  if (cluster && clusterOption && cluster !== clusterOption) {
    throw new CliError(
      ExitCode.Usage,
      `'${text}' names cluster '${cluster}' but --cluster says '${clusterOption}'`,
    );
  }
  const [, kind = 'component', namespace = 'default', name] = match;
  return {
    entity: { kind: kind.toLocaleLowerCase('en-US'), namespace, name },
    cluster: cluster ?? clusterOption,
  };
}
