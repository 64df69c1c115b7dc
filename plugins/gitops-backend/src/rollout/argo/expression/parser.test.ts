import type { Node } from './ast';
import { ExpressionError, compileExpression } from './index';
import { parse } from './parser';

/** The tree as a Lisp-ish string, to check precedence and associativity. */
function shape(node: Node): string {
  switch (node.kind) {
    case 'nil':
      return 'nil';
    case 'bool':
    case 'int':
    case 'float':
      return String(node.value);
    case 'string':
      return JSON.stringify(node.value);
    case 'identifier':
      return node.name;
    case 'pointer':
      return `#${node.name}`;
    case 'unary':
      return `(${node.operator} ${shape(node.operand)})`;
    case 'binary':
      return `(${node.operator} ${shape(node.left)} ${shape(node.right)})`;
    case 'member':
      return `(${node.optional ? '?.' : '.'} ${shape(node.object)} ${shape(
        node.property,
      )})`;
    case 'chain':
      return `(chain ${shape(node.expression)})`;
    case 'slice':
      return `(slice ${shape(node.object)} ${
        node.from ? shape(node.from) : '_'
      } ${node.to ? shape(node.to) : '_'})`;
    case 'call':
      return `(call ${[node.callee, ...node.args].map(shape).join(' ')})`;
    case 'builtin':
      return `(${node.name} ${node.args.map(shape).join(' ')})`;
    case 'closure':
      return `{${shape(node.body)}}`;
    case 'let':
      return `(let ${node.name} ${shape(node.value)} ${shape(node.body)})`;
    case 'conditional':
      return `(? ${shape(node.test)} ${shape(node.consequent)} ${shape(
        node.alternate,
      )})`;
    case 'array':
      return `[${node.elements.map(shape).join(' ')}]`;
    case 'map':
      return `{${node.entries
        .map(e => `${shape(e.key)}:${shape(e.value)}`)
        .join(' ')}}`;
    default:
      return '?';
  }
}

const tree = (source: string) => shape(parse(source).root);

function syntaxError(source: string): ExpressionError {
  try {
    compileExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${source} compiled`);
}

describe('parse', () => {
  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['2 ** 3 ** 2', '(** 2 (** 3 2))'],
    ['-2 ** 2', '(- (** 2 2))'],
    ['not a == b', '(== (not a) b)'],
    ['!a && b || c', '(|| (&& (! a) b) c)'],
    ['a or b and c', '(or a (and b c))'],
    ['a == b < c', '(< (== a b) c)'],
    ['a + b in c', '(in (+ a b) c)'],
    ['a not in b', '(not (in a b))'],
    ['a + 1 not in b', '(not (in (+ a 1) b))'],
    ['a not matches "x"', '(not (matches a "x"))'],
    ['1..2 + 3', '(.. 1 (+ 2 3))'],
    ['a ?? b ?? c', '(?? (?? a b) c)'],
    ['x >= a ?? 0', '(>= x (?? a 0))'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a ?: b', '(? a a b)'],
    ['a.b.c', '(. (. a "b") "c")'],
    ['a?.b.c', '(chain (. (?. a "b") "c"))'],
    ['a?.b[0]', '(. (chain (?. a "b")) 0)'],
    ['a[1:2]', '(slice a 1 2)'],
    ['a[:2]', '(slice a _ 2)'],
    ['a[1:]', '(slice a 1 _)'],
    ['a[:]', '(slice a _ _)'],
    ['all(a, {# > 1})', '(all a {(> # 1)})'],
    ['all(a, .b)', '(all a {(. # "b")})'],
    ['map(a, #index)', '(map a {#index})'],
    ['reduce(a, #acc + #, 0)', '(reduce a {(+ #acc #)} 0)'],
    ['a | filter(# > 0) | len()', '(len (filter a {(> # 0)}))'],
    ['a | asInt()', '(call asInt a)'],
    ['isNaN(1 + 2)', '(call isNaN (+ 1 2))'],
    ['len(a)', '(len a)'],
    ['let x = 1; x + 1', '(let x 1 (+ x 1))'],
    ['[1, [2]]', '[1 [2]]'],
    ['{a: 1, "b c": 2, 3: 4, (k): 5}', '{"a":1 "b c":2 "3":4 k:5}'],
    ['$env.result', '(. $env "result")'],
    ['a.not + a.in', '(+ (. a "not") (. a "in"))'],
  ])('%s is %s', (source, expected) => {
    expect(tree(source)).toBe(expected);
  });

  it('makes the int literals of isNaN and isInf floats, as expr converts them for a float64 parameter', () => {
    expect(tree('isNaN(1 + 2)')).toBe('(call isNaN (+ 1 2))');
    const call = parse('isNaN(-1)').root;
    expect(
      call.kind === 'call' &&
        call.args[0].kind === 'unary' &&
        call.args[0].operand.kind,
    ).toBe('float');
  });

  it('lists the names the expression reads from the environment, and those it declares', () => {
    const parsed = parse(
      'let x = result.a; x > threshold && isNaN(y) && all(z, # > x) && $env.w',
    );
    expect([...parsed.freeNames.keys()]).toEqual([
      'result',
      'threshold',
      'isNaN',
      'y',
      'z',
      'w',
    ]);
    expect([...parsed.letNames.keys()]).toEqual(['x']);
  });

  it.each([
    ['', 'unexpected end of expression (at line 1, column 1)'],
    ['1 +', 'unexpected end of expression (at line 1, column 4)'],
    ['(1', 'unexpected end of expression (at line 1, column 3)'],
    ['1 )', 'unexpected token ")" (at line 1, column 3)'],
    ['1 2', 'unexpected token "2" (at line 1, column 3)'],
    ['1 +* 2', 'unexpected token "*" (at line 1, column 4)'],
    ['a not b', 'unexpected token "not" (at line 1, column 3)'],
    ['a = 1', 'unexpected token "=" (at line 1, column 3)'],
    ['a.1', 'unexpected token ".1" (at line 1, column 2)'],
    ['a.', 'expected name (at line 1, column 3)'],
    ["'abc'[0]", 'unexpected token "[" (at line 1, column 6)'],
    ['{a 1}', 'unexpected token "1" (at line 1, column 4)'],
    [
      'result ?? 0 > 1',
      'Operator (>) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses. (at line 1, column 13)',
    ],
    ['#', 'cannot use pointer accessor outside closure (at line 1, column 1)'],
    ['.a', 'cannot use pointer accessor outside closure (at line 1, column 1)'],
    ['all(a, #index > 0)', 'unknown pointer #index (at line 1, column 8)'],
    ['map(a, #foo)', 'unknown pointer #foo (at line 1, column 8)'],
    ['all(a)', 'unexpected token ")" (at line 1, column 6)'],
    ['len()', 'not enough arguments to call len (at line 1, column 1)'],
    ['len(1, 2)', 'too many arguments to call len (at line 1, column 1)'],
    [
      'default(1)',
      'not enough arguments to call default (at line 1, column 1)',
    ],
    ['now()', 'builtin now is not supported (at line 1, column 1)'],
    ['let len = 1; len', 'cannot redeclare len (at line 1, column 5)'],
    [
      'let x = 1; let x = 2; x',
      'cannot redeclare variable x (at line 1, column 16)',
    ],
    [
      "'a' matches '('",
      'error parsing regexp: missing closing ): `(` (at line 1, column 5)',
    ],
    [
      '1e',
      'invalid float literal: strconv.ParseFloat: parsing "1e": invalid syntax (at line 1, column 1)',
    ],
    [
      '9223372036854775808',
      'invalid integer literal: strconv.ParseInt: parsing "9223372036854775808": value out of range (at line 1, column 1)',
    ],
    [
      '0o17',
      'invalid integer literal: strconv.ParseInt: parsing "0o17": invalid syntax (at line 1, column 1)',
    ],
  ])('refuses %j: %s', (source, message) => {
    expect(syntaxError(source).message).toBe(message);
  });
});
