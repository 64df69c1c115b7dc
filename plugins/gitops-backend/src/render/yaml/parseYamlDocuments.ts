import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
} from 'yaml';
import type { Document, Node } from 'yaml';
import type { ManifestLimits } from './manifestLimits';

/** Like Argo CD: a file that fails to parse only errors when it looks like a manifest. */
const LOOKS_LIKE_MANIFEST = /^\s*["']?(apiVersion|kind|metadata)["']?\s*:/m;

/** Longest key quoted in a duplicate-key message. */
const MAX_QUOTED_KEY = 100;

/** One parsed document: its plain value and the 1-based line it starts on. */
export interface YamlDocument {
  value: unknown;
  line?: number;
}

/** The documents of a file, or the one message that refuses it. */
export type YamlParseOutcome =
  | { documents: YamlDocument[] }
  | { error: string };

/** A cap was reached or the YAML is unusable; carries the full message. */
class Refusal extends Error {}

function lineOf(lines: LineCounter, node: Node | null): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * Walks the AST once per document: counts nodes and aliases for the whole
 * file, tracks depth, sizes every node as the JSON it expands to (an alias
 * counts as the full size of its anchor, so alias bombs are measured without
 * being expanded) and finds the first problem the library would not place
 * on its line: a duplicate key or an alias without its anchor.
 */
class Walker {
  private nodes = 0;
  private aliases = 0;
  private expanded = 0;
  /** Expanded size of each anchor seen so far; `open` while it is being walked. */
  private anchors = new Map<string, number | 'open'>();
  /** The node each anchor names, for keys written as aliases. */
  private anchored = new Map<string, Node>();
  private problem?: string;

  constructor(
    private readonly limits: ManifestLimits,
    private readonly at: (offset: number | undefined) => string,
  ) {}

  /** Returns the message of the first problem, if any; throws a Refusal on a cap. */
  walkDocument(contents: Node | null): string | undefined {
    this.anchors = new Map();
    this.anchored = new Map();
    if (contents) this.expanded += this.size(contents, 0);
    return this.problem;
  }

  /**
   * The property name a map key becomes in the plain object, as the library
   * converts it, so two keys are duplicates exactly when one would overwrite
   * the other: `~` and `""` are both "", `1` and `"1"` both "1", and an
   * alias is the key it points to. Undefined for keys that are collections
   * (or point to one), which are not compared.
   */
  private propertyOf(key: unknown): string | undefined {
    const node = isAlias(key) ? this.anchored.get(key.source) : key;
    if (!isScalar(node)) return undefined;
    const value = node.value;
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? undefined : String(value);
  }

  private report(offset: number | undefined, message: string): void {
    this.problem ??= `${this.at(offset)}: invalid YAML: ${message}`;
  }

  private size(node: unknown, depth: number): number {
    if (node === null || node === undefined) return 4;
    const offset = (node as Node).range?.[0];
    this.nodes += 1;
    if (this.nodes > this.limits.maxNodes) {
      throw new Refusal(
        `${this.at(offset)}: more than ${
          this.limits.maxNodes
        } YAML nodes in one file`,
      );
    }
    if (isAlias(node)) {
      this.aliases += 1;
      if (this.aliases > this.limits.maxAliases) {
        throw new Refusal(
          `${this.at(offset)}: more than ${
            this.limits.maxAliases
          } aliases in one file`,
        );
      }
      const target = this.anchors.get(node.source);
      if (target === 'open') {
        throw new Refusal(
          `${this.at(offset)}: alias *${
            node.source
          } refers to a node that contains it`,
        );
      }
      // Reported here, at the alias: the library only notices when
      // converting, and then names no line.
      if (target === undefined) {
        this.report(
          offset,
          `alias *${node.source} has no anchor &${node.source} before it`,
        );
      }
      return target ?? 4;
    }
    if (depth > this.limits.maxDepth) {
      throw new Refusal(
        `${this.at(offset)}: nesting deeper than the ${
          this.limits.maxDepth
        }-level cap`,
      );
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      this.anchors.set(anchor, 'open');
      this.anchored.set(anchor, node as Node);
    }
    let size: number;
    if (isScalar(node)) {
      const value = node.value;
      size =
        typeof value === 'string' ? value.length + 2 : String(value).length;
    } else if (isMap(node)) {
      size = 2;
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        const name =
          this.problem === undefined ? this.propertyOf(key) : undefined;
        if (name !== undefined) {
          if (keys.has(name)) {
            const quoted =
              name.length > MAX_QUOTED_KEY
                ? `${name.slice(0, MAX_QUOTED_KEY)}…`
                : name;
            this.report(
              (key as Node).range?.[0],
              `Map keys must be unique (duplicate key '${quoted}')`,
            );
          }
          keys.add(name);
        }
        size +=
          this.size(key, depth + 1) + this.size(pair.value, depth + 1) + 2;
      }
    } else if (isSeq(node)) {
      size = 2;
      for (const item of node.items) size += this.size(item, depth + 1) + 1;
    } else if (isPair(node)) {
      size =
        this.size(node.key, depth + 1) + this.size(node.value, depth + 1) + 2;
    } else {
      size = 4;
    }
    if (this.expanded + size > this.limits.maxExpandedBytes) {
      throw new Refusal(
        `${this.at(offset)}: values expand to more than ${
          this.limits.maxExpandedBytes
        } bytes of JSON (aliases counted in full), over the cap per file`,
      );
    }
    if (anchor) this.anchors.set(anchor, size);
    return size;
  }
}

function toValue(
  document: Document.Parsed,
  line: number | undefined,
  file: string,
): YamlDocument {
  try {
    // Aliases are already counted and sized by the walker.
    return { value: document.toJS({ maxAliasCount: -1 }), line };
  } catch (e) {
    throw new Refusal(
      `${file}${line ? ` line ${line}` : ''}: ${(e as Error).message}`,
    );
  }
}

/**
 * Where to point for an error found at `offset`: the parser notices an
 * unclosed quote or bracket only where the text ends, which after a final
 * line break is an empty line; the last character with content is on the
 * line an editor would show the problem on.
 */
function contentOffset(text: string, offset: number): number {
  if (offset === 0 || /\S/.test(text.slice(offset))) return offset;
  const end = text.trimEnd().length;
  return end > 0 ? end - 1 : offset;
}

/**
 * Parses one file's text (multi-document YAML, or JSON, which is YAML) into
 * plain values, enforcing every cap of `limits`. Synchronous: it runs in the
 * parser worker. Duplicate keys are found here, in one pass with a Set per
 * mapping, because the library's own check is quadratic in a map's size.
 */
export function parseYamlDocuments(
  text: string,
  file: string,
  limits: ManifestLimits,
): YamlParseOutcome {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => {
    const line = offset === undefined ? undefined : lines.linePos(offset).line;
    return `${file}${line ? ` line ${line}` : ''}`;
  };
  try {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limits.maxFileBytes) {
      throw new Refusal(
        `${file}: ${bytes} bytes, over the ${limits.maxFileBytes}-byte cap per manifest file`,
      );
    }
    const walker = new Walker(limits, at);
    const composer = new Composer({
      prettyErrors: false,
      uniqueKeys: false,
      logLevel: 'error',
    });
    // Each document becomes plain values as soon as it is checked, so only
    // one document's syntax tree is alive at a time: a large multi-document
    // render (a Helm chart's output) costs what its largest document costs.
    const parsed: YamlDocument[] = [];
    let invalid: string | undefined;
    for (const document of composer.compose(
      new Parser(lines.addNewLine).parse(text),
      text.length > 0,
      text.length,
    )) {
      if (parsed.length >= limits.maxDocuments) {
        throw new Refusal(
          `${at(document.range[0])}: more than ${
            limits.maxDocuments
          } YAML documents in one file`,
        );
      }
      const error = document.errors[0];
      if (error) {
        invalid = `${at(contentOffset(text, error.pos[0]))}: invalid YAML: ${
          error.message.split('\n')[0]
        }`;
        break;
      }
      const duplicate = walker.walkDocument(document.contents);
      if (duplicate) {
        invalid = duplicate;
        break;
      }
      parsed.push(toValue(document, lineOf(lines, document.contents), file));
    }
    if (invalid !== undefined) {
      if (!LOOKS_LIKE_MANIFEST.test(text)) return { documents: [] };
      return { error: invalid };
    }
    return { documents: parsed };
  } catch (e) {
    if (e instanceof Refusal) return { error: e.message };
    if (e instanceof RangeError) {
      // The library recurses per nesting level: a deep enough flow
      // collection overflows the stack before the walker sees it.
      return {
        error: `${file}: nesting deeper than the ${limits.maxDepth}-level cap`,
      };
    }
    throw e;
  }
}
