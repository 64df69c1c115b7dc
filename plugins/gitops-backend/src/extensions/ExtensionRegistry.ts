import { ConflictError } from '@backstage/errors';
import {
  AlertProvider,
  MetricProvider,
  Renderer,
  TrafficRouter,
} from '@slipway/plugin-gitops-node';

type Kinds = {
  renderer: Renderer;
  trafficRouter: TrafficRouter;
  metricProvider: MetricProvider;
  alertProvider: AlertProvider;
};

/**
 * What backend modules added through Slipway's extension points, by kind
 * and name. Two modules claiming one name is a wiring mistake, so it fails
 * start-up instead of letting the last one silently win.
 */
export class ExtensionRegistry {
  readonly #byKind = new Map<keyof Kinds, Map<string, unknown>>();

  add<K extends keyof Kinds>(kind: K, name: string, extension: Kinds[K]) {
    const named = this.#byKind.get(kind) ?? new Map<string, unknown>();
    if (named.has(name)) {
      throw new ConflictError(`A ${kind} named '${name}' is already registered`);
    }
    named.set(name, extension);
    this.#byKind.set(kind, named);
  }

  list<K extends keyof Kinds>(kind: K): Kinds[K][] {
    return [...(this.#byKind.get(kind)?.values() ?? [])] as Kinds[K][];
  }

  /** Names per kind, for the start-up log line. */
  summary(): Record<string, string[]> {
    return Object.fromEntries(
      [...this.#byKind].map(([kind, named]) => [kind, [...named.keys()]]),
    );
  }
}
