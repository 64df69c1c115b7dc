/** Where in a condition's source something went wrong; line and column count characters from 1. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/**
 * A condition that cannot be parsed or evaluated, or did not yield a boolean. Argo Rollouts turns such an error into
 * a measurement in phase Error, so every failure of this module, whatever its cause, surfaces as this one type.
 */
export class ExpressionError extends Error {
  /** The message without the position. */
  readonly reason: string;
  readonly position?: SourcePosition;

  constructor(
    reason: string,
    position?: SourcePosition,
    options?: { cause?: unknown },
  ) {
    super(
      position
        ? `${reason} (at line ${position.line}, column ${position.column})`
        : reason,
      options,
    );
    this.name = 'ExpressionError';
    this.reason = reason;
    this.position = position;
  }
}

/**
 * Thrown inside the tokenizer, parser and evaluator with the offset of the token or node at fault (filled in by the
 * innermost node that sees it); the public entry points turn it into an ExpressionError with line and column.
 */
export class Fault extends Error {
  constructor(readonly reason: string, public offset?: number) {
    super(reason);
  }
}

export function fail(reason: string, offset?: number): never {
  throw new Fault(reason, offset);
}

export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 0x0a) {
      line++;
      column = 1;
    } else if (code < 0xdc00 || code > 0xdfff) {
      // A low surrogate ends a character its high surrogate already counted.
      column++;
    }
  }
  return { offset, line, column };
}

/** Any error thrown while compiling or evaluating `source`, as the ExpressionError callers expect. */
export function toExpressionError(
  error: unknown,
  source: string,
): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof Fault) {
    const position =
      error.offset === undefined ? undefined : positionAt(source, error.offset);
    return new ExpressionError(error.reason, position);
  }
  if (error instanceof RangeError) {
    // The depth limits keep the JavaScript stack shallow; this is a last line of defence.
    return new ExpressionError(
      `expression is too complex to evaluate: ${error.message}`,
      undefined,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ExpressionError(
    `internal error evaluating expression: ${message}`,
    undefined,
    {
      cause: error,
    },
  );
}
