import type { CorpusDocument, SkippedDocument } from './extractDocuments';
import type { SchemaVerdict } from './schemaVerdicts';

/** Slipway's reading of one document: accepted, or refused with messages. */
export interface ParserVerdict {
  accepted: boolean;
  /** The refusal's messages (empty when accepted). */
  messages: string[];
}

/** One corpus document with both readings; `parser` is absent for kinds Slipway does not read yet. */
export interface JudgedDocument {
  document: CorpusDocument;
  schema: SchemaVerdict;
  parser?: ParserVerdict;
}

/**
 * A refusal Slipway makes on purpose although the CRD schema lets the
 * document through: a check the upstream controller makes too, later, when
 * it reconciles the object, or a feature Slipway documents it does not
 * run. `message` matches one of Slipway's messages.
 */
export interface SemanticRefusal {
  message: RegExp;
  /** What the upstream controller does with such a document, and where; or where Slipway documents the feature it does not run. */
  reason: string;
}

export interface Mismatch {
  document: CorpusDocument;
  schema: SchemaVerdict;
  parser: ParserVerdict;
  problem: string;
}

/** `spec.analysis.metrics[0].name: …`, `metadata.name: …`, `apiVersion: …`. */
const NAMES_A_FIELD = /^(apiVersion|kind|metadata|spec)([.[][^\s:]*)?: /;

/**
 * The fields an API server refusal names: `… is invalid: [spec.a: Required
 * value, spec.b: Invalid value: …]` and strict decoding's `unknown field
 * "spec.c"`. None for a refusal of the whole object (a oneOf of `spec`, a
 * version the CRD does not serve).
 */
export function fieldsNamedByServer(message: string): string[] {
  const fields = new Set<string>();
  const invalid = message.indexOf(' is invalid: ');
  if (invalid >= 0) {
    const list = message.slice(invalid + ' is invalid: '.length);
    for (const match of list.matchAll(
      /(?:^|\[|, )((?:metadata|spec)(?:[.[][^\s:,]*)?): /g,
    )) {
      fields.add(match[1]);
    }
  }
  for (const match of message.matchAll(
    /(?:unknown|duplicate) field "([^"]+)"/g,
  )) {
    fields.add(match[1]);
  }
  return [...fields];
}

/** The field at the head of each of Slipway's messages. */
const fieldsNamedByParser = (messages: string[]) =>
  messages.map(m => /^([^\s:]+): /.exec(m)?.[1]).filter(Boolean) as string[];

/** One path is the other, or contains it: `spec.service` and `spec.service.port`. */
const related = (a: string, b: string) =>
  [a, b].some((x, i) => {
    const y = i === 0 ? b : a;
    return x === y || y.startsWith(`${x}.`) || y.startsWith(`${x}[`);
  });

/**
 * Compares the two readings of every document a parser reads: a refusal
 * by the schema must be a refusal by Slipway that names every field the
 * server names; an acceptance by the schema an acceptance by Slipway,
 * unless each of Slipway's messages is one of the `semantic` refusals; and
 * every message of a refusal names its field.
 */
export function findMismatches(
  judged: JudgedDocument[],
  semantic: SemanticRefusal[],
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const { document, schema, parser } of judged) {
    if (!parser) continue;
    const add = (problem: string) =>
      mismatches.push({ document, schema, parser, problem });
    if (!schema.accepted && parser.accepted) {
      add('the schema refuses it, Slipway accepts it');
    }
    if (schema.accepted && !parser.accepted) {
      const unexplained = parser.messages.filter(
        m => !semantic.some(s => s.message.test(m)),
      );
      if (unexplained.length > 0) {
        add(
          'the schema accepts it, Slipway refuses it with no listed semantic check',
        );
      }
    }
    const unnamed = parser.messages.filter(m => !NAMES_A_FIELD.test(m));
    if (unnamed.length > 0) {
      add(`refusal names no field path: ${unnamed.join('; ')}`);
    }
    // Both refuse: Slipway names every field the server names (a field or
    // one inside or around it), so one pass shows the author every problem.
    const parserFields = fieldsNamedByParser(parser.messages);
    const unnamedByParser = schema.accepted
      ? []
      : fieldsNamedByServer(schema.message).filter(
          f => !parserFields.some(p => related(f, p)),
        );
    if (!parser.accepted && unnamedByParser.length > 0) {
      add(
        `Slipway does not name ${unnamedByParser.join(
          ', ',
        )}, which the schema refuses`,
      );
    }
  }
  return mismatches;
}

/** How many documents the schema accepts each semantic refusal explained, for the report. */
export function semanticRefusalUse(
  judged: JudgedDocument[],
  semantic: SemanticRefusal[],
): string {
  return semantic
    .map(s => {
      const used = judged.filter(
        j =>
          j.schema.accepted && j.parser?.messages.some(m => s.message.test(m)),
      ).length;
      return `  ${used} × ${s.message.source}`;
    })
    .join('\n');
}

const where = (d: CorpusDocument) =>
  `${d.source}#${d.index} (line ${d.line}, ${d.kind})`;

const verdictText = (accepted: boolean, messages: string[]) =>
  accepted ? 'accepted' : `refused: ${messages.join(' | ')}`;

/** Every document either side refuses, with both verdicts (`SLIPWAY_CORPUS_VERBOSE=1`). */
export function refusalTable(judged: JudgedDocument[]): string {
  return judged
    .filter(j => !j.schema.accepted || (j.parser && !j.parser.accepted))
    .map(j =>
      [
        `- ${where(j.document)}`,
        `    schema:  ${verdictText(j.schema.accepted, [j.schema.message])}`,
        `    Slipway: ${
          j.parser
            ? verdictText(j.parser.accepted, j.parser.messages)
            : 'does not read this kind yet'
        }`,
      ].join('\n'),
    )
    .join('\n');
}

/** The mismatches as a table: document, schema verdict, Slipway verdict, problem. */
export function mismatchTable(mismatches: Mismatch[]): string {
  return mismatches
    .map(m =>
      [
        `- ${where(m.document)}`,
        `    schema:  ${verdictText(m.schema.accepted, [m.schema.message])}`,
        `    Slipway: ${verdictText(m.parser.accepted, m.parser.messages)}`,
        `    problem: ${m.problem}`,
      ].join('\n'),
    )
    .join('\n');
}

/** Per kind: documents, schema accepted/refused, and Slipway's verdicts where it reads the kind. */
export function corpusSummary(
  title: string,
  judged: JudgedDocument[],
  skipped: SkippedDocument[],
): string {
  const kinds = [...new Set(judged.map(j => j.document.kind))].sort();
  const rows = kinds.map(kind => {
    const of = judged.filter(j => j.document.kind === kind);
    const count = (pick: (j: JudgedDocument) => boolean) =>
      of.filter(pick).length;
    const parsed = of.some(j => j.parser);
    const parser = parsed
      ? `Slipway accepts ${count(j => j.parser!.accepted)}, refuses ${count(
          j => !j.parser!.accepted,
        )} (of those the schema accepts: ${count(
          j => j.schema.accepted && !j.parser!.accepted,
        )})`
      : 'Slipway: not read yet';
    return `  ${kind}: ${of.length} documents; schema accepts ${count(
      j => j.schema.accepted,
    )}, refuses ${count(j => !j.schema.accepted)}; ${parser}`;
  });
  const reasons = new Map<string, string[]>();
  for (const s of skipped) {
    reasons.set(s.reason, [
      ...(reasons.get(s.reason) ?? []),
      `${s.source}:${s.line}`,
    ]);
  }
  const skips = [...reasons].map(
    ([reason, at]) => `    ${at.length} × ${reason}: ${at.join(', ')}`,
  );
  return [
    title,
    ...rows,
    `  skipped: ${skipped.length} blocks naming a collected kind`,
    ...skips,
  ].join('\n');
}
