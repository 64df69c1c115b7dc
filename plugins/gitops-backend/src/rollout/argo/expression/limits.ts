// Bounds that keep a hostile AnalysisTemplate from hanging or exhausting the engine. Real conditions are a few dozen
// characters over a result of at most some thousands of points, far inside every one of them.

/** Characters in a condition. */
export const MAX_SOURCE_LENGTH = 4096;

/** Nesting of the syntax tree; the parser and the evaluator recurse no deeper than this. */
export const MAX_DEPTH = 100;

/**
 * Nodes evaluated plus elements visited or created by builtins and ranges, in one evaluation: some tens of
 * milliseconds at most. A predicate over a Prometheus range query's 11,000 points takes about 50,000.
 */
export const MAX_STEPS = 250_000;

/** Elements and characters one evaluation may create (ranges, arrays, maps, strings), like expr's memory budget. */
export const MAX_MEMORY = 1_000_000;

/** Nesting of values (arrays in maps in arrays…) that comparisons and string() walk. */
export const MAX_VALUE_DEPTH = 100;

/** Atoms of a regular expression once its repetitions are expanded: `\pL{1000}` is a thousand. */
export const MAX_REGEX_SIZE = 5000;
