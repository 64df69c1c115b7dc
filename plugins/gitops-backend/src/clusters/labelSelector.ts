/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (a,b),!legacy`),
 * parsed once and matched in memory so the watch cache can answer the same
 * queries the API server would, without asking it.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

type Requirement =
  | { op: 'exists' | 'absent'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `( … )` value set. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms.map(t => t.trim()).filter(Boolean);
}

function parseTerm(term: string, selector: string): Requirement {
  const fail = (): never => {
    throw new Error(`Invalid label selector '${selector}': cannot parse '${term}'`);
  };
  const checkKey = (key: string) => (KEY.test(key) ? key : fail());
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = set[3].split(',').map(v => v.trim());
    return { op: set[2] as 'in' | 'notin', key: checkKey(set[1]), values };
  }
  const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (equality) {
    const op = equality[2] === '!=' ? 'notin' : 'in';
    return { op, key: checkKey(equality[1]), values: [equality[3]] };
  }
  if (term.startsWith('!')) return { op: 'absent', key: checkKey(term.slice(1).trim()) };
  return { op: 'exists', key: checkKey(term) };
}

function satisfies(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.op) {
    case 'exists':
      return has;
    case 'absent':
      return !has;
    case 'in':
      return has && req.values.includes(labels[req.key]);
    case 'notin':
      // As on the server: a missing label satisfies `!=` and `notin`.
      return !has || !req.values.includes(labels[req.key]);
    default:
      return false;
  }
}

/** Parses a selector; an empty one matches everything. Throws on bad syntax. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  const requirements = splitTerms(selector ?? '').map(term => parseTerm(term, selector!));
  return labels => requirements.every(req => satisfies(req, labels ?? {}));
}
