import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ClusterApi, LiveChange, ObjectRef } from '../ClusterApi';
import { apiGroup, objectId, objectLabel } from '../objectId';
import { deepFreeze } from '../values';

/** One call the code under test made, in the order it made them. */
export interface ClusterCall {
  op:
    | 'apply'
    | 'dryRun'
    | 'delete'
    | 'get'
    | 'list'
    | 'preferredVersion'
    | 'isNamespaced';
  /** `Kind namespace/name`, or `group/Kind` for the kind-level calls. */
  target: string;
  /** The user a write impersonated. */
  as?: string;
}

/** How one object behaves, keyed by its `Kind namespace/name`. */
export interface ObjectScript {
  /**
   * The `status` each read finds after an apply, one per read, the last one
   * staying: `[running, complete]` makes a Job finish on the second look.
   * Every apply starts the list again, as a new instance would.
   */
  statuses?: unknown[];
  /** Every real apply is refused with this message. */
  applyError?: string;
  /** Every dry-run apply is refused with this message. */
  dryRunError?: string;
  /** Every delete is refused with this message. */
  deleteError?: string;
  /** Reads that still find the object after its delete, as while finalizers run. */
  readsAfterDelete?: number;
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PersistentVolume',
  'PriorityClass',
  'IngressClass',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);

const asObject = (ref: ObjectRef): KubernetesObject => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name, namespace: ref.namespace },
});
const kindKey = (apiVersion: string, kind: string) =>
  `${apiGroup(apiVersion)}/${kind}`;
const clone = <T>(value: T): T => structuredClone(value);
/** What a watch cache hands out: frozen, so a caller that writes to it fails here too. */
const frozenClone = <T>(value: T): T => deepFreeze(structuredClone(value));
const ownerUids = (obj: KubernetesObject) =>
  ((obj.metadata.ownerReferences ?? []) as { uid?: string }[]).map(r => r.uid);

const noMatches = (apiVersion: string, kind: string) =>
  new Error(`no matches for kind "${kind}" in version "${apiVersion}"`);

/**
 * An in-memory cluster behind the `ClusterApi` port for unit tests of the
 * sync engine: it records every call in order, keeps what was applied, and
 * plays scripted statuses, failures and slow deletes. Server-side apply is
 * modelled as replace; the API server's own fields (uid, resourceVersion)
 * are filled in so diffs behave as against a real server.
 */
export class FakeClusterApi implements ClusterApi {
  readonly name: string;
  readonly calls: ClusterCall[] = [];
  /** Live objects by object id (group/Kind/namespace/name). */
  readonly #objects = new Map<string, KubernetesObject>();
  /** Scripts by label (Kind namespace/name). */
  readonly #scripts = new Map<string, ObjectScript>();
  /** Reads since the last apply, by object id, for `statuses`. */
  readonly #reads = new Map<string, number>();
  /** Reads left before a deleted object disappears, by object id. */
  readonly #lingering = new Map<string, number>();
  /** group/Kind → apiVersion of every kind the cluster has seen. */
  readonly #served = new Map<string, string>();
  readonly #unserved: Set<string>;
  readonly #namespaces?: string[];
  #revision = 0;

  constructor(
    options: {
      name?: string;
      /** Namespaces the cluster's allow-list admits; all when unset. */
      namespaces?: string[];
      /** Kinds the API server does not know yet (their CRD is not applied). */
      unservedKinds?: string[];
    } = {},
  ) {
    this.name = options.name ?? 'fake';
    this.#namespaces = options.namespaces;
    this.#unserved = new Set(options.unservedKinds ?? []);
  }

  /** Objects already live before the code under test runs. */
  seed(...objects: KubernetesObject[]): this {
    for (const obj of objects) this.#store(obj);
    return this;
  }

  /** Scripts how the object labelled `Kind namespace/name` behaves. */
  script(label: string, script: ObjectScript): this {
    this.#scripts.set(label, { ...this.#scripts.get(label), ...script });
    return this;
  }

  /** The calls as `op Kind namespace/name`, only the ops given (all if none). */
  log(...ops: ClusterCall['op'][]): string[] {
    return this.calls
      .filter(c => ops.length === 0 || ops.includes(c.op))
      .map(c => `${c.op} ${c.target}`);
  }

  /** Forgets the calls so far, so a test sees only what comes next. */
  clearCalls(): this {
    this.calls.length = 0;
    return this;
  }

  /** Real applies and deletes, in order: what changed the cluster. */
  writes(): string[] {
    return this.log('apply', 'delete');
  }

  /** The live object as stored, without recording a read. */
  peek(ref: ObjectRef): KubernetesObject | undefined {
    const obj = this.#objects.get(objectId(asObject(ref)));
    return obj && clone(obj);
  }

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    this.calls.push({ op: 'isNamespaced', target: kindKey(apiVersion, kind) });
    if (this.#unserved.has(kind)) throw noMatches(apiVersion, kind);
    return !CLUSTER_SCOPED.has(kind);
  }

  checkNamespace(namespace: string): void {
    if (this.#namespaces && !this.#namespaces.includes(namespace)) {
      throw new Error(
        `Namespace '${namespace}' is not allowed on cluster '${this.name}'`,
      );
    }
  }

  async apply(
    obj: KubernetesObject,
    options: { dryRun?: boolean; as?: string } = {},
  ): Promise<KubernetesObject> {
    const label = objectLabel(obj);
    const id = objectId(obj);
    this.calls.push({
      op: options.dryRun ? 'dryRun' : 'apply',
      target: label,
      as: options.as,
    });
    if (this.#unserved.has(obj.kind)) throw noMatches(obj.apiVersion, obj.kind);
    const script = this.#scripts.get(label);
    if (options.dryRun) {
      if (script?.dryRunError) throw new Error(script.dryRunError);
      const live = this.#objects.get(id);
      return clone({
        ...obj,
        ...(live?.status ? { status: live.status } : {}),
      });
    }
    if (script?.applyError) throw new Error(script.applyError);
    if (obj.kind === 'CustomResourceDefinition') {
      const names = (obj.spec as { names?: { kind?: string } } | undefined)
        ?.names;
      if (names?.kind) this.#unserved.delete(names.kind);
    }
    this.#reads.set(id, 0);
    this.#lingering.delete(id);
    return clone(this.#store(obj));
  }

  async getLive(ref: ObjectRef): Promise<KubernetesObject | undefined> {
    const label = objectLabel(asObject(ref));
    const id = objectId(asObject(ref));
    this.calls.push({ op: 'get', target: label });
    const obj = this.#objects.get(id);
    if (!obj) return undefined;
    const lingering = this.#lingering.get(id);
    if (lingering !== undefined) {
      if (lingering === 0) {
        this.#objects.delete(id);
        this.#lingering.delete(id);
        return undefined;
      }
      this.#lingering.set(id, lingering - 1);
      return frozenClone(obj);
    }
    const statuses = this.#scripts.get(label)?.statuses;
    if (statuses?.length && this.#reads.has(id)) {
      const read = this.#reads.get(id)!;
      this.#reads.set(id, read + 1);
      obj.status = clone(statuses[Math.min(read, statuses.length - 1)]);
    }
    return frozenClone(obj);
  }

  async listLive(
    apiVersion: string,
    kind: string,
    namespace?: string,
    ownerUid?: string,
  ): Promise<KubernetesObject[]> {
    this.calls.push({
      op: 'list',
      target: `${kindKey(apiVersion, kind)} ${namespace ?? ''}`.trim(),
    });
    return [...this.#objects.values()]
      .filter(
        o =>
          o.kind === kind &&
          apiGroup(o.apiVersion) === apiGroup(apiVersion) &&
          (namespace === undefined || o.metadata.namespace === namespace) &&
          (ownerUid === undefined || ownerUids(o).includes(ownerUid)),
      )
      .map(frozenClone);
  }

  async delete(ref: ObjectRef, options: { as?: string } = {}): Promise<void> {
    const label = objectLabel(asObject(ref));
    const id = objectId(asObject(ref));
    this.calls.push({ op: 'delete', target: label, as: options.as });
    const script = this.#scripts.get(label);
    if (script?.deleteError) throw new Error(script.deleteError);
    const obj = this.#objects.get(id);
    if (!obj) return;
    const linger = script?.readsAfterDelete ?? 0;
    if (linger === 0) {
      this.#objects.delete(id);
      return;
    }
    obj.metadata.deletionTimestamp = new Date(0).toISOString();
    this.#lingering.set(id, linger);
  }

  /**
   * The fake's objects move on as they are read (see `statuses`), not by
   * watch events: every short tick may be a change.
   */
  nextChange(_ids: string[], timeoutMs: number): LiveChange {
    let resolve = () => {};
    const changed = new Promise<void>(r => {
      resolve = r;
    });
    const timer = setTimeout(resolve, Math.min(timeoutMs, 10));
    return {
      changed,
      stop: () => {
        clearTimeout(timer);
        resolve();
      },
    };
  }

  async preferredVersion(group: string, kind: string): Promise<string> {
    this.calls.push({ op: 'preferredVersion', target: `${group}/${kind}` });
    const apiVersion = this.#served.get(`${group}/${kind}`);
    if (!apiVersion) throw noMatches(group, kind);
    return apiVersion;
  }

  #store(obj: KubernetesObject): KubernetesObject {
    const id = objectId(obj);
    const previous = this.#objects.get(id);
    this.#revision++;
    const stored = clone({
      ...obj,
      metadata: {
        ...obj.metadata,
        uid: previous?.metadata.uid ?? `uid-${this.#revision}`,
        resourceVersion: String(this.#revision),
      },
    });
    this.#objects.set(id, stored);
    this.#served.set(kindKey(obj.apiVersion, obj.kind), obj.apiVersion);
    return stored;
  }
}
