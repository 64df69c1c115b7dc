/** A path or URL a kustomization names, and the field naming it. */
export interface KustomizationReference {
  /** e.g. `configMapGenerator[0].files[1]`. */
  field: string;
  value: string;
}

type Fields = Record<string, unknown>;

const LIST_FIELDS = [
  'resources',
  'bases',
  'components',
  'crds',
  'configurations',
  'patchesStrategicMerge',
  'transformers',
  'generators',
  'validators',
];
const PATH_LIST_FIELDS = ['patches', 'patchesJson6902', 'replacements'];
const GENERATOR_FIELDS = ['configMapGenerator', 'secretGenerator'];

/** `key=path` names the data key; the path follows the first `=`. */
const filePath = (source: string): string => {
  const match = /^[-._a-zA-Z0-9]+=(.*)$/s.exec(source);
  return match ? match[1] : source;
};

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : [];
const asFields = (value: unknown): Fields =>
  value && typeof value === 'object' ? (value as Fields) : {};

/**
 * Every file, folder or URL a kustomization (or component) names, in each
 * field kustomize loads from: resources and the like, generator sources,
 * patch files, openapi and helm values files. Inline content (a patch
 * written in place) is skipped.
 */
export function kustomizationReferences(
  doc: unknown,
): KustomizationReference[] {
  const root = asFields(doc);
  const found: KustomizationReference[] = [];
  const add = (field: string, value: unknown) => {
    if (typeof value === 'string' && !value.includes('\n')) {
      found.push({ field, value: value.trim() });
    }
  };
  for (const field of LIST_FIELDS) {
    asList(root[field]).forEach((v, i) => add(`${field}[${i}]`, v));
  }
  for (const field of PATH_LIST_FIELDS) {
    asList(root[field]).forEach((v, i) =>
      add(`${field}[${i}].path`, asFields(v).path),
    );
  }
  for (const field of GENERATOR_FIELDS) {
    asList(root[field]).forEach((generator, i) => {
      const g = asFields(generator);
      asList(g.files).forEach((f, j) =>
        add(
          `${field}[${i}].files[${j}]`,
          typeof f === 'string' ? filePath(f) : f,
        ),
      );
      asList(g.envs).forEach((e, j) => add(`${field}[${i}].envs[${j}]`, e));
      add(`${field}[${i}].env`, g.env);
    });
  }
  add('openapi.path', asFields(root.openapi).path);
  add('helmGlobals.chartHome', asFields(root.helmGlobals).chartHome);
  asList(root.helmCharts).forEach((chart, i) => {
    const c = asFields(chart);
    add(`helmCharts[${i}].repo`, c.repo);
    add(`helmCharts[${i}].valuesFile`, c.valuesFile);
    asList(c.additionalValuesFiles).forEach((f, j) =>
      add(`helmCharts[${i}].additionalValuesFiles[${j}]`, f),
    );
  });
  return found;
}

const FILE_URL = /^file:/i;
const REMOTE =
  /^([a-z][a-z0-9+.-]*:\/\/|git::|git@|gh:|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=/i;

/**
 * Why kustomize would read a reference from outside the app's folder, or
 * undefined for a relative path (which kustomize's load restrictor keeps
 * inside the kustomization root).
 */
export function outsideReason(value: string): string | undefined {
  if (FILE_URL.test(value)) {
    return "is a file URL; name files inside the app's folder by relative path";
  }
  if (REMOTE.test(value))
    return 'is a remote URL; vendor it into the repository';
  if (value.startsWith('/') || value.startsWith('~')) {
    return "is an absolute path; name files inside the app's folder by relative path";
  }
  return undefined;
}
