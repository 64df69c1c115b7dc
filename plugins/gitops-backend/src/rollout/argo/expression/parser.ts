import { ARGO_FUNCTIONS } from './argoFunctions';
import { type LetNode, type Node, childrenOf } from './ast';
import { BUILTINS, UNSUPPORTED_BUILTINS } from './builtins';
import { fail } from './errors';
import { MAX_DEPTH, MAX_SOURCE_LENGTH } from './limits';
import { PREDICATES, predicateDeclares } from './predicates';
import { compileRegex } from './regex';
import { parseGoFloat, parseGoHex, parseGoInt } from './strconv';
import { type Token, isValidIdentifier, tokenize } from './tokenizer';

// A precedence-climbing parser of expr v1.15.5's grammar, built like expr's own so that the same text means the
// same tree: `??` binds tightest and does not mix with other operators unparenthesised, `not in` negates `in`,
// literals take no postfix (`'abc'[0]` is an error), `a ?: b` is `a ? a : b`, `x | f(y)` is `f(x, y)`. One bug
// is not kept: v1.15.5 loses the `not` of `a + b not in c`, which expr fixed in v1.16.

interface Operator {
  precedence: number;
  rightAssociative?: boolean;
}

const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };

const BINARY: Record<string, Operator> = {
  '|': { precedence: 0 },
  or: { precedence: 10 },
  '||': { precedence: 10 },
  and: { precedence: 15 },
  '&&': { precedence: 15 },
  '==': { precedence: 20 },
  '!=': { precedence: 20 },
  '<': { precedence: 20 },
  '>': { precedence: 20 },
  '>=': { precedence: 20 },
  '<=': { precedence: 20 },
  in: { precedence: 20 },
  matches: { precedence: 20 },
  contains: { precedence: 20 },
  startsWith: { precedence: 20 },
  endsWith: { precedence: 20 },
  '..': { precedence: 25 },
  '+': { precedence: 30 },
  '-': { precedence: 30 },
  '*': { precedence: 60 },
  '/': { precedence: 60 },
  '%': { precedence: 60 },
  '**': { precedence: 100, rightAssociative: true },
  '^': { precedence: 100, rightAssociative: true },
  '??': { precedence: 500 },
};

const NEGATABLE = new Set([
  'in',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
]);

const binaryOperator = (token: Token): Operator | undefined =>
  token.kind === 'operator' && Object.hasOwn(BINARY, token.value)
    ? BINARY[token.value]
    : undefined;

/** A parsed condition, with what evaluation must check against the environment before it starts. */
export interface ParsedExpression {
  root: Node;
  /** Names read from the environment, each with the offset of its first use: all must exist, as expr requires. */
  freeNames: Map<string, number>;
  /** Names `let` declares, which must not shadow the environment's. */
  letNames: Map<string, number>;
}

class Parser {
  readonly freeNames = new Map<string, number>();
  readonly letNames = new Map<string, number>();
  private position = 0;
  private nesting = 0;
  /** The predicates whose closures enclose the current token, innermost last. */
  private readonly closures: string[] = [];
  /** The `let`s whose bodies enclose the current token. */
  private readonly lets: LetNode[] = [];

  constructor(private readonly tokens: Token[]) {}

  get current(): Token {
    return this.tokens[this.position];
  }

  private next(): void {
    if (this.position < this.tokens.length - 1) this.position++;
  }

  private is(kind: Token['kind'], value?: string): boolean {
    return (
      this.current.kind === kind &&
      (value === undefined || this.current.value === value)
    );
  }

  unexpected(token = this.current): never {
    if (token.kind === 'eof')
      fail('unexpected end of expression', token.offset);
    return fail(
      `unexpected token ${JSON.stringify(token.value)}`,
      token.offset,
    );
  }

  private expect(kind: Token['kind'], value?: string): Token {
    const token = this.current;
    if (!this.is(kind, value)) this.unexpected();
    this.next();
    return token;
  }

  parseExpression(precedence: number): Node {
    if (++this.nesting > MAX_DEPTH) {
      fail(
        `expression is nested more than ${MAX_DEPTH} levels deep`,
        this.current.offset,
      );
    }
    try {
      return this.parseBinary(precedence);
    } finally {
      this.nesting--;
    }
  }

  private parseBinary(precedence: number): Node {
    if (precedence === 0 && this.is('operator', 'let')) return this.parseLet();
    let left = this.parsePrimary();
    let previous = '';
    for (;;) {
      let token = this.current;
      let negated: Token | undefined;
      if (token.kind === 'operator' && token.value === 'not') {
        // `not in`, `not matches`…; a `not` that cannot combine is left for the caller to reject.
        const following = this.tokens[this.position + 1];
        const op = binaryOperator(following);
        if (
          !NEGATABLE.has(following.value) ||
          !op ||
          op.precedence < precedence
        )
          break;
        this.next();
        negated = following;
        token = following;
      }
      const op = binaryOperator(token);
      if (!op || op.precedence < precedence) break;
      this.next();
      if (token.value === '|') {
        left = this.parsePipe(left);
      } else {
        if (previous === '??' && token.value !== '??') {
          fail(
            `Operator (${token.value}) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses.`,
            token.offset,
          );
        }
        const right = this.parseExpression(
          op.rightAssociative ? op.precedence : op.precedence + 1,
        );
        left = this.binary(token, left, right);
        if (negated)
          left = {
            kind: 'unary',
            operator: 'not',
            operand: left,
            offset: negated.offset,
          };
      }
      previous = token.value;
    }
    return precedence === 0 ? this.parseConditional(left) : left;
  }

  private binary(token: Token, left: Node, right: Node): Node {
    const node: Node = {
      kind: 'binary',
      operator: token.value,
      left,
      right,
      offset: token.offset,
    };
    if (token.value === 'matches' && right.kind === 'string') {
      node.regex = compileRegex(right.value, token.offset);
    }
    return node;
  }

  private parseLet(): Node {
    const start = this.expect('operator', 'let');
    const name = this.expect('identifier');
    if (
      BUILTINS.has(name.value) ||
      PREDICATES.has(name.value) ||
      ARGO_FUNCTIONS.has(name.value)
    ) {
      fail(`cannot redeclare ${name.value}`, name.offset);
    }
    if (this.declarationOf(name.value))
      fail(`cannot redeclare variable ${name.value}`, name.offset);
    if (!this.letNames.has(name.value))
      this.letNames.set(name.value, name.offset);
    this.expect('operator', '=');
    const value = this.parseExpression(0);
    this.expect('operator', ';');
    const node: LetNode = {
      kind: 'let',
      name: name.value,
      value,
      body: value,
      offset: start.offset,
    };
    this.lets.push(node);
    node.body = this.parseExpression(0);
    this.lets.pop();
    return node;
  }

  private declarationOf(name: string): LetNode | undefined {
    return this.lets.findLast(declaration => declaration.name === name);
  }

  private parseConditional(test: Node): Node {
    let node = test;
    while (this.is('operator', '?')) {
      const offset = this.current.offset;
      this.next();
      let consequent: Node;
      if (this.is('operator', ':')) {
        this.next();
        consequent = node; // a ?: b
      } else {
        consequent = this.parseExpression(0);
        this.expect('operator', ':');
      }
      const alternate = this.parseExpression(0);
      node = { kind: 'conditional', test: node, consequent, alternate, offset };
    }
    return node;
  }

  private parsePrimary(): Node {
    const token = this.current;
    if (token.kind === 'operator' && Object.hasOwn(UNARY, token.value)) {
      this.next();
      const operand = this.parseExpression(UNARY[token.value]);
      const operator = token.value as 'not' | '!' | '-' | '+';
      return this.parsePostfix({
        kind: 'unary',
        operator,
        operand,
        offset: token.offset,
      });
    }
    if (this.is('bracket', '(')) {
      this.next();
      const inner = this.parseExpression(0);
      this.expect('bracket', ')');
      return this.parsePostfix(inner);
    }
    if (
      token.kind === 'operator' &&
      (token.value === '#' || token.value === '.')
    ) {
      if (this.closures.length === 0)
        fail('cannot use pointer accessor outside closure', token.offset);
      let name = '';
      if (token.value === '#') {
        this.next();
        if (this.is('identifier')) {
          name = this.current.value;
          this.next();
        }
      } // `.field` stays on the `.` so the postfix loop reads it as `#.field`
      if (
        name !== '' &&
        !predicateDeclares(this.closures[this.closures.length - 1], name)
      ) {
        fail(`unknown pointer #${name}`, token.offset);
      }
      const pointer: Node = {
        kind: 'pointer',
        name: name as '' | 'index' | 'acc',
        offset: token.offset,
      };
      return this.parsePostfix(pointer);
    }
    return this.parseSecondary();
  }

  private parseSecondary(): Node {
    const token = this.current;
    switch (token.kind) {
      case 'identifier':
        this.next();
        if (token.value === 'true' || token.value === 'false') {
          return {
            kind: 'bool',
            value: token.value === 'true',
            offset: token.offset,
          };
        }
        if (token.value === 'nil') return { kind: 'nil', offset: token.offset };
        return this.parsePostfix(this.parseName(token));
      case 'number':
        this.next();
        return this.parseNumber(token);
      case 'string':
        this.next();
        return { kind: 'string', value: token.value, offset: token.offset };
      default:
        if (this.is('bracket', '['))
          return this.parsePostfix(this.parseArray());
        if (this.is('bracket', '{')) return this.parsePostfix(this.parseMap());
        return this.unexpected();
    }
  }

  private parseNumber(token: Token): Node {
    const text = token.value.replace(/_/g, '');
    let result: bigint | number | string;
    let kind: string;
    if (text.includes('x')) {
      kind = 'hex';
      result = parseGoHex(text);
    } else if (/[.eE]/.test(text)) {
      kind = 'float';
      result = parseGoFloat(text);
    } else {
      kind = 'integer';
      result = parseGoInt(text);
    }
    if (typeof result === 'string') {
      const parser = kind === 'float' ? 'ParseFloat' : 'ParseInt';
      fail(
        `invalid ${kind} literal: strconv.${parser}: parsing ${JSON.stringify(
          text,
        )}: ${result}`,
        token.offset,
      );
    }
    return typeof result === 'bigint'
      ? { kind: 'int', value: result, offset: token.offset }
      : { kind: 'float', value: result, offset: token.offset };
  }

  /** A name: a variable, or a call of a builtin, a predicate or an environment function. */
  private parseName(token: Token): Node {
    const name = token.value;
    if (!this.is('bracket', '(')) {
      this.useName(token);
      return {
        kind: 'identifier',
        name,
        declaration: this.declarationOf(name),
        offset: token.offset,
      };
    }
    if (PREDICATES.has(name)) {
      this.expect('bracket', '(');
      const args = [this.parseExpression(0)];
      this.expect('operator', ',');
      args.push(this.parseClosure(name));
      if (name === 'reduce' && this.is('operator', ',')) {
        this.next();
        args.push(this.parseExpression(0));
      }
      this.expect('bracket', ')');
      return this.builtin(token, args);
    }
    if (BUILTINS.has(name) || UNSUPPORTED_BUILTINS.has(name)) {
      return this.builtin(token, this.parseArguments());
    }
    this.useName(token); // expr checks the callee before its arguments
    const args = this.parseArguments();
    const argo = ARGO_FUNCTIONS.get(name);
    if (argo) {
      checkArity(name, args.length, [argo.arity, argo.arity], token);
      if (name === 'isNaN' || name === 'isInf')
        args[0] = floatLiterals(args[0]);
    }
    const callee: Node = { kind: 'identifier', name, offset: token.offset };
    return { kind: 'call', callee, args, offset: token.offset };
  }

  private useName(token: Token): void {
    if (token.value === '$env' || this.declarationOf(token.value)) return;
    if (!this.freeNames.has(token.value))
      this.freeNames.set(token.value, token.offset);
  }

  /** `$env.name` and `$env["name"]` read `name` from the environment as plainly as `name` does. */
  private useEnvName(object: Node, name: Token): void {
    if (object.kind === 'identifier' && object.name === '$env')
      this.useName(name);
  }

  private builtin(token: Token, args: Node[]): Node {
    const name = token.value;
    if (UNSUPPORTED_BUILTINS.has(name))
      fail(`builtin ${name} is not supported`, token.offset);
    checkArity(
      name,
      args.length,
      PREDICATES.get(name) ?? BUILTINS.get(name)!.arity,
      token,
    );
    return { kind: 'builtin', name, args, offset: token.offset };
  }

  /** `x | f(a)` calls f(x, a); for a predicate, `xs | all(# > 0)`. */
  private parsePipe(left: Node): Node {
    const token = this.expect('identifier');
    if (PREDICATES.has(token.value)) {
      this.expect('bracket', '(');
      const args = [left, this.parseClosure(token.value)];
      if (token.value === 'reduce' && this.is('operator', ',')) {
        this.next();
        args.push(this.parseExpression(0));
      }
      this.expect('bracket', ')');
      return this.builtin(token, args);
    }
    if (BUILTINS.has(token.value) || UNSUPPORTED_BUILTINS.has(token.value)) {
      return this.builtin(token, [left, ...this.parseArguments()]);
    }
    const args = [left, ...this.parseArguments()];
    const argo = ARGO_FUNCTIONS.get(token.value);
    if (argo) {
      checkArity(token.value, args.length, [argo.arity, argo.arity], token);
      if (token.value === 'isNaN' || token.value === 'isInf')
        args[0] = floatLiterals(args[0]);
    }
    this.useName(token);
    const callee: Node = {
      kind: 'identifier',
      name: token.value,
      offset: token.offset,
    };
    return { kind: 'call', callee, args, offset: token.offset };
  }

  /** A predicate's second argument: an expression over `#`, in braces or not. */
  private parseClosure(predicate: string): Node {
    const start = this.current;
    const braced = this.is('bracket', '{');
    if (braced) this.next();
    this.closures.push(predicate);
    const body = this.parseExpression(0);
    this.closures.pop();
    if (braced) this.expect('bracket', '}');
    return { kind: 'closure', body, offset: start.offset };
  }

  private parseArguments(): Node[] {
    this.expect('bracket', '(');
    const args: Node[] = [];
    while (!this.is('bracket', ')')) {
      if (args.length > 0) this.expect('operator', ',');
      args.push(this.parseExpression(0));
    }
    this.expect('bracket', ')');
    return args;
  }

  private parseArray(): Node {
    const start = this.expect('bracket', '[');
    const elements: Node[] = [];
    while (!this.is('bracket', ']')) {
      if (elements.length > 0) {
        this.expect('operator', ',');
        if (this.is('bracket', ']')) break; // a trailing comma
      }
      elements.push(this.parseExpression(0));
    }
    this.expect('bracket', ']');
    return { kind: 'array', elements, offset: start.offset };
  }

  /** `{a: 1, "b": 2, 3: 4, (expr): 5}`: a bare name or number is the key's text. */
  private parseMap(): Node {
    const start = this.expect('bracket', '{');
    const entries: { key: Node; value: Node }[] = [];
    while (!this.is('bracket', '}')) {
      if (entries.length > 0) {
        this.expect('operator', ',');
        if (this.is('bracket', '}')) break;
        if (this.is('operator', ',')) this.unexpected();
      }
      let key: Node;
      const token = this.current;
      if (
        token.kind === 'number' ||
        token.kind === 'string' ||
        token.kind === 'identifier'
      ) {
        key = { kind: 'string', value: token.value, offset: token.offset };
        this.next();
      } else if (this.is('bracket', '(')) {
        key = this.parseExpression(0);
      } else {
        return fail(
          `a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token ${JSON.stringify(
            token.value,
          )})`,
          token.offset,
        );
      }
      this.expect('operator', ':');
      entries.push({ key, value: this.parseExpression(0) });
    }
    this.expect('bracket', '}');
    return { kind: 'map', entries, offset: start.offset };
  }

  /** `.name`, `?.name`, `[index]`, `[from:to]`, and calls of members. */
  private parsePostfix(start: Node): Node {
    let node = start;
    for (;;) {
      const token = this.current;
      if (
        token.kind === 'operator' &&
        (token.value === '.' || token.value === '?.')
      ) {
        this.next();
        const name = this.current;
        this.next();
        if (
          name.kind !== 'identifier' &&
          !(name.kind === 'operator' && isValidIdentifier(name.value))
        ) {
          fail('expected name', name.offset);
        }
        const property: Node = {
          kind: 'string',
          value: name.value,
          offset: name.offset,
        };
        const optional = token.value === '?.';
        if (!optional) this.useEnvName(node, name);
        const inChain = node.kind === 'chain';
        const object = node.kind === 'chain' ? node.expression : node;
        node = {
          kind: 'member',
          object,
          property,
          optional,
          offset: name.offset,
        };
        if (this.is('bracket', '(')) {
          node = {
            kind: 'call',
            callee: node,
            args: this.parseArguments(),
            offset: name.offset,
          };
        }
        if (inChain || optional)
          node = { kind: 'chain', expression: node, offset: node.offset };
      } else if (token.kind === 'bracket' && token.value === '[') {
        this.next();
        let from: Node | undefined;
        let to: Node | undefined;
        if (!this.is('operator', ':')) from = this.parseExpression(0);
        if (from?.kind === 'string')
          this.useEnvName(node, {
            kind: 'string',
            value: from.value,
            offset: from.offset,
          });
        if (this.is('operator', ':')) {
          this.next();
          if (!this.is('bracket', ']')) to = this.parseExpression(0);
          node = {
            kind: 'slice',
            object: node,
            from,
            to,
            offset: token.offset,
          };
        } else {
          node = {
            kind: 'member',
            object: node,
            property: from!,
            optional: false,
            offset: token.offset,
          };
        }
        this.expect('bracket', ']');
      } else {
        return node;
      }
    }
  }
}

/**
 * isNaN(1) is false rather than an error: passing an int where Go wants a float64, expr's checker makes the int
 * literals of the argument floats, through unary operators and + - *, as here. Any other int is an error.
 */
function floatLiterals(node: Node): Node {
  if (node.kind === 'int')
    return { kind: 'float', value: Number(node.value), offset: node.offset };
  if (node.kind === 'unary')
    return { ...node, operand: floatLiterals(node.operand) };
  if (node.kind === 'binary' && ['+', '-', '*'].includes(node.operator)) {
    return {
      ...node,
      left: floatLiterals(node.left),
      right: floatLiterals(node.right),
    };
  }
  return node;
}

function checkArity(
  name: string,
  count: number,
  [min, max]: [number, number],
  token: Token,
): void {
  if (count < min) fail(`not enough arguments to call ${name}`, token.offset);
  if (count > max) fail(`too many arguments to call ${name}`, token.offset);
}

export function parse(source: string): ParsedExpression {
  if (source.length > MAX_SOURCE_LENGTH) {
    fail(`expression is longer than ${MAX_SOURCE_LENGTH} characters`);
  }
  const parser = new Parser(tokenize(source));
  const root = parser.parseExpression(0);
  if (parser.current.kind !== 'eof') parser.unexpected();
  checkTreeDepth(root);
  return {
    root,
    freeNames: parser.freeNames,
    letNames: parser.letNames,
  };
}

/** Left-associative chains (`a + b + c …`) grow the tree without recursing in the parser; bound them too. */
function checkTreeDepth(root: Node): void {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH)
      fail(
        `expression is nested more than ${MAX_DEPTH} levels deep`,
        node.offset,
      );
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
}
