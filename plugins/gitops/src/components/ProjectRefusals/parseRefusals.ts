/** One object a sync could not apply, as the backend's message names it. */
export interface Refusal {
  /** `Kind namespace/name`; absent when the app as a whole is refused. */
  object?: string;
  /**
   * The project rule that refused it (`destinations`,
   * `clusterResourceAllowList`, …), `ownership` for another app's object;
   * absent for a problem that is not a refusal.
   */
  rule?: string;
  reason: string;
}

/** A refusal message taken apart: an optional lead-in and one row per object. */
export interface ParsedRefusals {
  summary?: string;
  refusals: Refusal[];
}

const OWNERSHIP = 'Ownership conflict, nothing applied: ';
// Lazy object: names such as `ClusterRole system:view` hold colons, but
// never the `: refused by ` that ends the label.
const OBJECT_REFUSED = /^(.+?): refused by ([A-Za-z][\w-]*): (.+)$/s;
const APP_REFUSED = /^Refused by ([A-Za-z][\w-]*): (.+)$/s;
const OWNED = /^(.+?) is owned by (app '.+')$/s;

/**
 * Reads a sync or app message made of project refusals (problems joined by
 * `; `, each `<Kind> <ns/>name: refused by <rule>: <message>`) or an
 * ownership conflict. Returns undefined for any other message, so it is
 * shown as it is; parts of a refusal message that have another shape become
 * rows holding only their text.
 */
export function parseRefusals(
  message: string | undefined,
): ParsedRefusals | undefined {
  if (!message) return undefined;
  if (message.startsWith(OWNERSHIP)) {
    const refusals = split(message.slice(OWNERSHIP.length)).map(
      (part): Refusal => {
        const owned = OWNED.exec(part);
        return owned
          ? {
              object: owned[1],
              rule: 'ownership',
              reason: `owned by ${owned[2]}`,
            }
          : { reason: part };
      },
    );
    return refusals.length
      ? { summary: 'Ownership conflict, nothing applied', refusals }
      : undefined;
  }
  const refusals = split(message).map(parsePart);
  return refusals.some(r => r.rule) ? { refusals } : undefined;
}

function split(message: string): string[] {
  return message
    .split('; ')
    .map(p => p.trim())
    .filter(Boolean);
}

function parsePart(part: string): Refusal {
  const object = OBJECT_REFUSED.exec(part);
  if (object) return { object: object[1], rule: object[2], reason: object[3] };
  const app = APP_REFUSED.exec(part);
  if (app) return { rule: app[1], reason: app[2] };
  return { reason: part };
}

const count = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** One line for an alert: what was refused and by which rules; the card lists each. */
export function summarizeRefusals(parsed: ParsedRefusals): string {
  const ruled = parsed.refusals.filter(r => r.rule);
  const others = parsed.refusals.length - ruled.length;
  const rules = [...new Set(ruled.map(r => r.rule))].join(', ');
  const head = parsed.summary
    ? `${parsed.summary} (${count(ruled.length, 'object', 'objects')})`
    : `${count(ruled.length, 'object', 'objects')} refused by ${rules}`;
  const tail = others
    ? ` and ${count(others, 'other problem', 'other problems')}`
    : '';
  return `${head}${tail}; see the cluster's card`;
}
