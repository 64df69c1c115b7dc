import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A kind to collect, in any version of its group. */
export interface KindRef {
  group: string;
  kind: string;
}

/** One document of a collected kind, as the upstream project wrote it. */
export interface CorpusDocument {
  /** Path inside the upstream tree, e.g. `docs/gitbook/usage/alerting.md`. */
  source: string;
  /** Position among the collected documents of that file, from 0. */
  index: number;
  /** 1-based line of the source file the document starts on. */
  line: number;
  /** Where in the file it was found. */
  origin: 'yaml file' | 'yaml block' | 'heredoc';
  kind: string;
  apiVersion: string;
  /** The document as JSON, exactly what both the API server and the parser get. */
  doc: Record<string, unknown>;
}

/** A block naming a collected kind that cannot be judged as written. */
export interface SkippedDocument {
  source: string;
  line: number;
  kinds: string[];
  reason: 'template' | 'shell expansion' | 'invalid YAML';
  detail: string;
}

export interface ExtractedCorpus {
  documents: CorpusDocument[];
  skipped: SkippedDocument[];
  /** Files read (yaml, md and shell), for the report. */
  filesRead: number;
}

/** A piece of text that may hold YAML documents, and where it starts. */
interface Block {
  text: string;
  /** 0-based line of the file the text's first line is on. */
  firstLine: number;
  origin: CorpusDocument['origin'];
  /** A heredoc whose delimiter is quoted (`<<'EOF'`): the shell expands nothing in it. */
  quoted?: boolean;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', '.github']);
const SHELL_FENCES = new Set(['', 'sh', 'bash', 'shell', 'console', 'zsh']);
const YAML_FENCES = new Set(['yaml', 'yml']);

function walk(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), {
    withFileTypes: true,
  })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) files.push(...walk(root, rel));
    } else if (/\.(ya?ml|md|sh)$/.test(entry.name)) {
      files.push(rel);
    }
  }
  return files.sort();
}

/** Lines without the indentation they all share (blank lines aside). */
function dedent(lines: string[]): string[] {
  const indents = lines
    .filter(l => l.trim() !== '')
    .map(l => /^ */.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map(l => l.slice(Math.min(common, /^ */.exec(l)![0].length)));
}

/**
 * Heredoc bodies (`cat <<EOF | kubectl apply -f -`) in shell text. The
 * closing word may be indented when the script itself is (a Markdown list).
 */
function heredocs(lines: string[], offset: number): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(lines[i]);
    if (!open) continue;
    const word = open[3];
    const end = lines.findIndex((l, j) => j > i && l.trim() === word);
    if (end < 0) continue;
    blocks.push({
      text: dedent(lines.slice(i + 1, end)).join('\n'),
      firstLine: offset + i + 1,
      origin: 'heredoc',
      quoted: open[2] !== '',
    });
    i = end;
  }
  return blocks;
}

/** Fenced code blocks of a Markdown file: YAML ones, and heredocs of shell ones. */
function markdownBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const close = lines.findIndex(
      (l, j) =>
        j > i &&
        l.trim().startsWith(fence) &&
        l.trim().length >= fence.length &&
        /^[`~]+$/.test(l.trim()),
    );
    const end = close < 0 ? lines.length : close;
    // Fences inside list items are indented; so is their content.
    const body = lines
      .slice(i + 1, end)
      .map(l =>
        l.startsWith(indent) ? l.slice(indent.length) : l.trimStart(),
      );
    const language = info.toLowerCase();
    const heredoc = body.some(l => /<<-?\s*['"]?[A-Za-z_]/.test(l));
    // A block with no language is YAML unless it is a script.
    if (YAML_FENCES.has(language) || (language === '' && !heredoc)) {
      blocks.push({
        text: body.join('\n'),
        firstLine: i + 1,
        origin: 'yaml block',
      });
    } else if (SHELL_FENCES.has(language)) {
      blocks.push(...heredocs(body, i + 1));
    }
    i = end;
  }
  return blocks;
}

function blocksOf(file: string, text: string): Block[] {
  if (file.endsWith('.md')) return markdownBlocks(text);
  if (file.endsWith('.sh')) return heredocs(text.split('\n'), 0);
  return [{ text, firstLine: 0, origin: 'yaml file' }];
}

/** A Helm chart template: under `templates/` of a directory with a Chart.yaml. */
function isHelmTemplate(root: string, file: string): boolean {
  const parts = file.split('/');
  const at = parts.lastIndexOf('templates');
  return (
    at > 0 && existsSync(path.join(root, ...parts.slice(0, at), 'Chart.yaml'))
  );
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Every string (keys included) of a parsed value, joined: where `{{` may legitimately sit. */
function strings(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(strings).join('\n');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}\n${strings(v)}`)
      .join('\n');
  }
  return '';
}

/** Top-level `kind: X` lines of the collected kinds in a piece of text (a CRD's `names.kind` is indented). */
function kindsNamed(text: string, kinds: KindRef[]): string[] {
  return [
    ...new Set(
      kinds
        .filter(k =>
          new RegExp(`^kind:\\s*["']?${k.kind}["']?\\s*$`, 'm').test(text),
        )
        .map(k => k.kind),
    ),
  ];
}

function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const lineAt = (text: string, offset: number) =>
  count(text.slice(0, offset), '\n');

type Collected = Pick<ExtractedCorpus, 'documents' | 'skipped'>;

/** The documents of the given kinds in one file of an upstream tree, appended to `out`. */
function collectFile(
  root: string,
  file: string,
  kinds: KindRef[],
  out: Collected,
): void {
  const { documents, skipped } = out;
  const wanted = (doc: unknown) => {
    const d = doc as { apiVersion?: unknown; kind?: unknown } | null;
    return kinds.some(
      k => d && d.kind === k.kind && groupOf(d.apiVersion) === k.group,
    );
  };
  const text = readFileSync(path.join(root, file), 'utf8').replace(
    /\r\n?/g,
    '\n',
  );
  // Cheap first look; heredocs in shell functions are indented.
  if (!kinds.some(k => text.includes(`kind: ${k.kind}`))) return;
  let index = 0;
  const helm = isHelmTemplate(root, file);
  for (const block of blocksOf(file, text)) {
    const named = kindsNamed(block.text, kinds);
    if (named.length === 0) continue;
    const skip = (
      line: number,
      reason: SkippedDocument['reason'],
      detail: string,
      which = named,
    ) =>
      skipped.push({
        source: file,
        line: line + 1,
        kinds: which,
        reason,
        detail,
      });
    if (helm) {
      skip(block.firstLine, 'template', 'Helm chart template');
      continue;
    }
    if (
      block.origin === 'heredoc' &&
      !block.quoted &&
      /\$(\{|\(|[A-Za-z_])/.test(block.text)
    ) {
      skip(
        block.firstLine,
        'shell expansion',
        'unquoted heredoc with $ expansions',
      );
      continue;
    }
    for (const parsed of parseAllDocuments(block.text, {
      logLevel: 'error',
    })) {
      const [start, , end] = parsed.range;
      const raw = block.text.slice(start, end);
      const rawNamed = kindsNamed(raw, kinds);
      const line = block.firstLine + lineAt(block.text, start);
      if (parsed.errors.length > 0) {
        if (rawNamed.length === 0) continue;
        const templated = raw.includes('{{');
        skip(
          line,
          templated ? 'template' : 'invalid YAML',
          templated
            ? '{{ }} template syntax'
            : parsed.errors[0].message.split('\n')[0],
          rawNamed,
        );
        continue;
      }
      const value = parsed.toJS({ maxAliasCount: -1 }) as unknown;
      if (!wanted(value)) continue;
      // `{{` that is not inside a string value or key: template syntax
      // the YAML parser read as flow mappings.
      if (count(raw, '{{') > count(strings(value), '{{')) {
        skip(line, 'template', '{{ }} outside string values', rawNamed);
        continue;
      }
      const doc = value as Record<string, unknown>;
      documents.push({
        source: file,
        index: index++,
        line: line + 1,
        origin: block.origin,
        kind: doc.kind as string,
        apiVersion: doc.apiVersion as string,
        doc,
      });
    }
  }
}

/**
 * Reads every YAML file, every YAML code block and every shell heredoc
 * (also those in Markdown shell blocks) of an upstream tree and returns the
 * documents of the given kinds. A block naming such a kind that cannot be
 * judged as written is reported as skipped, with the reason: a template
 * (`{{ }}` outside string values, or a Helm chart's templates/), a heredoc
 * with shell expansions, or YAML that does not parse.
 */
export function extractDocuments(
  root: string,
  kinds: KindRef[],
): ExtractedCorpus {
  const out: Collected = { documents: [], skipped: [] };
  const files = walk(root);
  for (const file of files) collectFile(root, file, kinds, out);
  return { ...out, filesRead: files.length };
}

/**
 * The documents of the given kinds in one file of an upstream tree (a
 * Markdown page, a YAML file or a shell script), read as
 * `extractDocuments` reads every file.
 */
export function extractFileDocuments(
  root: string,
  file: string,
  kinds: KindRef[],
): ExtractedCorpus {
  const out: Collected = { documents: [], skipped: [] };
  collectFile(root, file, kinds, out);
  return { ...out, filesRead: 1 };
}

/**
 * Every YAML code block of a Markdown page that parses, as JSON, with the
 * 1-based line it starts on (its `---`, if any): fragments (`metrics:` …)
 * as much as whole documents. Blocks with several documents give each.
 */
export function markdownYamlValues(
  markdown: string,
): { line: number; value: unknown }[] {
  const text = markdown.replace(/\r\n?/g, '\n');
  return markdownBlocks(text)
    .filter(block => block.origin === 'yaml block')
    .flatMap(block =>
      parseAllDocuments(block.text, { logLevel: 'error' })
        .filter(parsed => parsed.errors.length === 0)
        .map(parsed => ({
          line: block.firstLine + lineAt(block.text, parsed.range[0]) + 1,
          value: parsed.toJS({ maxAliasCount: -1 }) as unknown,
        })),
    );
}
