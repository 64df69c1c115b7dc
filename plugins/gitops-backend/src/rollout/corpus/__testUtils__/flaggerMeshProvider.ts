import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SETTING = /(?:meshProvider|mesh-provider)[= ]+["']?([a-z][a-z0-9:.-]*)/g;

function providersIn(text: string): Set<string> {
  return new Set([...text.matchAll(SETTING)].map(m => m[1]));
}

const filesOf = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .map(name => path.join(dir, name))
        .filter(file => statSync(file).isFile())
    : [];

const only = (values: Set<string>) =>
  values.size === 1 ? [...values][0] : undefined;

/**
 * The mesh provider Flagger runs with (`-mesh-provider`, Helm's
 * `meshProvider`) where an upstream document was written: a Canary without
 * `spec.provider` takes it, and which rules apply depends on it (A/B
 * testing, mirroring, the refs a router needs). Read from the document's
 * own file (a tutorial's install step, or the kustomize overlay it
 * applies), else from the files beside it (a test directory's install.sh,
 * or the overlay it applies). Undefined when none or several are named:
 * Flagger's default, istio, then applies.
 */
export function flaggerMeshProvider(
  root: string,
  source: string,
): string | undefined {
  const own = [readFileSync(path.join(root, source), 'utf8')];
  const beside = filesOf(path.join(root, path.dirname(source))).map(file =>
    readFileSync(file, 'utf8'),
  );
  for (const texts of [own, beside]) {
    const direct = providersIn(texts.join('\n'));
    if (direct.size > 0) return only(direct);
    const viaOverlays = new Set<string>();
    for (const text of texts) {
      for (const [, overlay] of text.matchAll(/kustomize\/([a-z0-9-]+)/g)) {
        for (const file of filesOf(path.join(root, 'kustomize', overlay))) {
          providersIn(readFileSync(file, 'utf8')).forEach(p =>
            viaOverlays.add(p),
          );
        }
      }
    }
    if (viaOverlays.size > 0) return only(viaOverlays);
  }
  return undefined;
}
