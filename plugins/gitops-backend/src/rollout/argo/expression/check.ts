import type {
  BinaryNode,
  BuiltinNode,
  CallNode,
  MemberNode,
  Node,
} from './ast';
import { Fault, fail } from './errors';
import { type Kind, kindTypeName } from './values';

// expr's type checker, which runs before a single node is evaluated. Argo compiles each condition against the
// values it will run on, so `result` has the type of its value (float64, string, nil…) while what is read out of a
// JSON map or array is `interface {}` ('any' here), checked only at run time. The checker is why, when `result` is
// nil, `isNil(result) || result[0] > 1` is an error rather than true, and why `result == 'true'` is an error rather
// than false when `result` is a float64: a template fails here exactly where it fails under Argo.
// Arrays are typed []interface {}, as JSON gives them: their elements are 'any'.

export type StaticKind = Kind | 'any' | 'func';

const name = (kind: StaticKind) =>
  kind === 'func' ? 'func' : kindTypeName(kind);
const isNumber = (kind: StaticKind) => kind === 'int' || kind === 'float';
const anyOr = (kind: StaticKind, ...kinds: StaticKind[]) =>
  kind === 'any' || kinds.includes(kind);

/** The checker's `or`: both unknown, or one unknown and the other acceptable. */
function either(
  left: StaticKind,
  right: StaticKind,
  accept: (kind: StaticKind) => boolean,
): boolean {
  return (
    (left === 'any' && right === 'any') ||
    (left === 'any' && accept(right)) ||
    (right === 'any' && accept(left))
  );
}

/** The checker's isComparable: nil and interface {} compare with anything, numbers with numbers. */
function comparable(a: StaticKind, b: StaticKind): boolean {
  return (
    a === 'nil' ||
    b === 'nil' ||
    a === 'any' ||
    b === 'any' ||
    a === b ||
    (isNumber(a) && isNumber(b))
  );
}

/** The checker's `combined`: the same type stays, an int and a float make a float. */
function combined(a: StaticKind, b: StaticKind): StaticKind {
  return a === b ? a : 'float';
}

const STRING_FUNCTIONS: Record<
  string,
  { params: StaticKind[]; result: StaticKind }
> = {
  trim: { params: ['string', 'string'], result: 'string' },
  trimPrefix: { params: ['string', 'string'], result: 'string' },
  trimSuffix: { params: ['string', 'string'], result: 'string' },
  upper: { params: ['string'], result: 'string' },
  lower: { params: ['string'], result: 'string' },
  split: { params: ['string', 'string', 'int'], result: 'array' },
  splitAfter: { params: ['string', 'string', 'int'], result: 'array' },
  replace: { params: ['string', 'string', 'string', 'int'], result: 'string' },
  repeat: { params: ['string', 'int'], result: 'string' },
  join: { params: ['array', 'string'], result: 'string' },
  indexOf: { params: ['string', 'string'], result: 'int' },
  lastIndexOf: { params: ['string', 'string'], result: 'int' },
  hasPrefix: { params: ['string', 'string'], result: 'bool' },
  hasSuffix: { params: ['string', 'string'], result: 'bool' },
  toBase64: { params: ['string'], result: 'string' },
  fromBase64: { params: ['string'], result: 'string' },
  fromJSON: { params: ['string'], result: 'any' },
  type: { params: ['any'], result: 'string' },
  string: { params: ['any'], result: 'string' },
};

const ARGO_RESULTS: Record<string, StaticKind> = {
  isNaN: 'bool',
  isInf: 'bool',
  isNil: 'bool',
  asInt: 'int',
  asFloat: 'float',
  default: 'any',
};

/**
 * The element type of an array, where expr knows one: []int of a range, []string of split(). Arrays of JSON and
 * array literals are []interface {}.
 */
function elementKind(node: Node): StaticKind {
  if (node.kind === 'binary' && node.operator === '..') return 'int';
  if (node.kind === 'builtin') {
    if (node.name === 'split' || node.name === 'splitAfter') return 'string';
    if (node.name === 'filter' || node.name === 'take')
      return elementKind(node.args[0]);
  }
  if (node.kind === 'slice') return elementKind(node.object);
  return 'any';
}

class Checker {
  /** The element types of the arrays the enclosing predicates walk, innermost last. */
  private readonly elements: StaticKind[] = [];
  /** Each node's kind, so that no node is typed twice: `let`s and `in` read kinds again, which could compound. */
  private readonly kinds = new Map<Node, StaticKind>();

  constructor(private readonly variable: (name: string) => StaticKind) {}

  visit(node: Node): StaticKind {
    const known = this.kinds.get(node);
    if (known !== undefined) return known;
    try {
      const kind = this.kind(node);
      this.kinds.set(node, kind);
      return kind;
    } catch (error) {
      if (error instanceof Fault && error.offset === undefined)
        error.offset = node.offset;
      throw error;
    }
  }

  private kind(node: Node): StaticKind {
    switch (node.kind) {
      case 'nil':
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
        return node.kind;
      case 'array':
        node.elements.forEach(element => this.visit(element));
        return 'array';
      case 'map':
        node.entries.forEach(entry => [
          this.visit(entry.key),
          this.visit(entry.value),
        ]);
        return 'map';
      case 'identifier':
        if (node.declaration) return this.visit(node.declaration.value);
        return node.name === '$env' ? 'map' : this.variable(node.name);
      case 'pointer':
        if (node.name === 'index') return 'int';
        return node.name === 'acc'
          ? 'any'
          : this.elements[this.elements.length - 1];
      case 'unary': {
        const operand = this.visit(node.operand);
        if (node.operator === 'not' || node.operator === '!') {
          if (!anyOr(operand, 'bool'))
            fail(
              `invalid operation: ${node.operator} (mismatched type ${name(
                operand,
              )})`,
            );
          return 'bool';
        }
        if (!anyOr(operand, 'int', 'float')) {
          fail(
            `invalid operation: ${node.operator} (mismatched type ${name(
              operand,
            )})`,
          );
        }
        return operand;
      }
      case 'binary':
        return this.binary(node);
      case 'chain':
        return this.visit(node.expression);
      case 'member':
        return this.member(node);
      case 'slice': {
        const object = this.visit(node.object);
        if (!anyOr(object, 'string', 'array'))
          fail(`cannot slice ${name(object)}`);
        for (const bound of [node.from, node.to]) {
          const index = bound && this.visit(bound);
          if (bound && index && !anyOr(index, 'int'))
            fail(`non-integer slice index ${name(index)}`, bound.offset);
        }
        return object;
      }
      case 'call':
        return this.call(node);
      case 'builtin':
        return this.builtin(node);
      case 'closure': {
        const body = this.visit(node.body);
        if (body === 'nil') fail('closure cannot be nil', node.body.offset);
        return body;
      }
      case 'let':
        this.visit(node.value);
        return this.visit(node.body);
      case 'conditional': {
        const test = this.visit(node.test);
        if (!anyOr(test, 'bool'))
          fail(
            `non-bool expression (type ${name(test)}) used as condition`,
            node.test.offset,
          );
        const [a, b] = [
          this.visit(node.consequent),
          this.visit(node.alternate),
        ];
        if (a === 'nil') return b;
        return b === 'nil' || a === b ? a : 'any';
      }
      default:
        return 'any';
    }
  }

  private binary(node: BinaryNode): StaticKind {
    const left = this.visit(node.left);
    const right = this.visit(node.right);
    const mismatch = () =>
      fail(
        `invalid operation: ${node.operator} (mismatched types ${name(
          left,
        )} and ${name(right)})`,
      );
    switch (node.operator) {
      case '==':
      case '!=':
        return comparable(left, right) ? 'bool' : mismatch();
      case 'or':
      case '||':
      case 'and':
      case '&&':
        if (
          (left === 'bool' && right === 'bool') ||
          either(left, right, k => k === 'bool')
        )
          return 'bool';
        return mismatch();
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const ordered = (k: StaticKind) => isNumber(k) || k === 'string';
        if (
          (isNumber(left) && isNumber(right)) ||
          (left === 'string' && right === 'string')
        )
          return 'bool';
        return either(left, right, ordered) ? 'bool' : mismatch();
      }
      case '-':
      case '*':
        if (isNumber(left) && isNumber(right)) return combined(left, right);
        return either(left, right, isNumber) ? 'any' : mismatch();
      case '/':
      case '**':
      case '^':
        if (
          (isNumber(left) && isNumber(right)) ||
          either(left, right, isNumber)
        )
          return 'float';
        return mismatch();
      case '%':
        if (left === 'int' && right === 'int') return 'int';
        return either(left, right, k => k === 'int') ? 'any' : mismatch();
      case '+':
        if (isNumber(left) && isNumber(right)) return combined(left, right);
        if (left === 'string' && right === 'string') return 'string';
        return either(left, right, k => isNumber(k) || k === 'string')
          ? 'any'
          : mismatch();
      case 'in':
        return this.membership(node, left, right, mismatch);
      case 'matches':
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        if (
          (left === 'string' && right === 'string') ||
          either(left, right, k => k === 'string')
        )
          return 'bool';
        return mismatch();
      case '..':
        if (
          (left === 'int' && right === 'int') ||
          either(left, right, k => k === 'int')
        )
          return 'array';
        return mismatch();
      case '??':
        if (left === 'nil') return right;
        return right === 'nil' || left === right || left === 'any'
          ? left
          : 'any';
      default:
        return mismatch();
    }
  }

  private membership(
    node: BinaryNode,
    left: StaticKind,
    right: StaticKind,
    mismatch: () => never,
  ): StaticKind {
    if (right === 'map') {
      if (left !== 'nil' && !anyOr(left, 'string'))
        fail(`cannot use ${name(left)} as type string in map key`);
      return 'bool';
    }
    if (right === 'array') {
      const element = elementKind(node.right);
      if (left !== 'nil' && !comparable(left, element)) {
        fail(`cannot use ${name(left)} as type ${name(element)} in array`);
      }
      if (
        left !== 'nil' &&
        node.right.kind === 'array' &&
        node.right.elements.length > 0
      ) {
        // A literal array whose elements share a type is typed as an array of that type.
        const kinds = new Set(
          node.right.elements.map(item => this.visit(item)),
        );
        const [shared] = kinds;
        if (kinds.size === 1 && shared !== 'nil' && !comparable(left, shared)) {
          fail(`cannot use ${name(left)} as type ${name(shared)} in array`);
        }
      }
      return 'bool';
    }
    if ((left === 'any' && anyOr(right, 'string')) || right === 'any')
      return 'bool';
    return mismatch();
  }

  private member(node: MemberNode): StaticKind {
    const object = this.visit(node.object);
    const property = this.visit(node.property);
    const field =
      node.property.kind === 'string' ? node.property.value : undefined;
    if (
      node.object.kind === 'identifier' &&
      node.object.name === '$env' &&
      !node.object.declaration &&
      field
    ) {
      return this.variable(field);
    }
    if (field !== undefined && object === 'nil')
      fail(`type <nil> has no field ${field}`);
    switch (object) {
      case 'any':
        return 'any';
      case 'map':
        if (!anyOr(property, 'string', 'nil')) {
          fail(
            `cannot use ${name(property)} to get an element from ${name(
              object,
            )}`,
            node.property.offset,
          );
        }
        return 'any';
      case 'array':
        if (!anyOr(property, 'int')) {
          fail(
            `array elements can only be selected using an integer (got ${name(
              property,
            )})`,
            node.property.offset,
          );
        }
        return elementKind(node.object);
      default:
        return fail(`type ${name(object)}[${name(property)}] is undefined`);
    }
  }

  private call(node: CallNode): StaticKind {
    const callee = node.callee;
    const args = node.args.map(arg => this.visit(arg));
    let fn: string | undefined;
    if (callee.kind === 'identifier' && !callee.declaration) fn = callee.name;
    if (
      callee.kind === 'member' &&
      callee.object.kind === 'identifier' &&
      callee.object.name === '$env'
    ) {
      fn =
        callee.property.kind === 'string' ? callee.property.value : undefined;
    }
    if (fn !== undefined && Object.hasOwn(ARGO_RESULTS, fn)) {
      if (fn === 'isNaN' || fn === 'isInf') {
        const [arg] = args;
        if (arg !== 'nil' && !anyOr(arg, 'int', 'float')) {
          fail(
            `cannot use ${name(arg)} as argument (type float64) to call ${fn}`,
            node.args[0].offset,
          );
        }
      }
      return ARGO_RESULTS[fn];
    }
    const target = this.visit(callee);
    if (target === 'nil')
      fail(`${fn ?? 'function'} is nil; cannot call nil as function`);
    if (target === 'any') return 'any';
    return fail(`${name(target)} is not callable`);
  }

  private builtin(node: BuiltinNode): StaticKind {
    const invalid = (message: string, at = node.args[0]): never =>
      fail(message, at.offset);
    if (node.args.length > 1 && node.args[1].kind === 'closure')
      return this.predicate(node);
    const args = node.args.map(arg => this.visit(arg));
    const [first, second] = args;
    const signature = STRING_FUNCTIONS[node.name];
    if (signature) {
      args.forEach((arg, i) => {
        const param = signature.params[i];
        if (arg !== 'nil' && param !== 'any' && !anyOr(arg, param)) {
          invalid(
            `cannot use ${name(arg)} as argument (type ${name(
              param,
            )}) to call ${node.name}`,
            node.args[i],
          );
        }
      });
      return signature.result;
    }
    switch (node.name) {
      case 'len':
        return anyOr(first, 'array', 'map', 'string')
          ? 'int'
          : invalid(`invalid argument for len (type ${name(first)})`);
      case 'abs':
        return anyOr(first, 'int', 'float')
          ? first
          : invalid(`invalid argument for abs (type ${name(first)})`);
      case 'ceil':
      case 'floor':
      case 'round':
        if (!anyOr(first, 'int', 'float'))
          invalid(`invalid argument for ${node.name} (type ${name(first)})`);
        return 'float';
      case 'int':
      case 'float':
        if (!anyOr(first, 'int', 'float', 'string'))
          invalid(`invalid argument for ${node.name} (type ${name(first)})`);
        return node.name;
      case 'max':
      case 'min': {
        const bad = args.findIndex(arg => !anyOr(arg, 'int', 'float'));
        if (bad >= 0 && !args.slice(0, bad).includes('any')) {
          invalid(
            `invalid argument for ${node.name} (type ${name(args[bad])})`,
            node.args[bad],
          );
        }
        return args.includes('any') ? 'any' : first;
      }
      case 'sum':
      case 'mean':
      case 'median':
        if (!anyOr(first, 'array'))
          invalid(
            `cannot ${node.name === 'mean' ? 'avg' : node.name} ${name(first)}`,
          );
        return node.name === 'sum' ? 'any' : 'float';
      case 'first':
      case 'last':
        if (!anyOr(first, 'array'))
          invalid(`cannot get ${node.name} element from ${name(first)}`);
        return elementKind(node.args[0]);
      case 'get':
        return this.get(node, first, second);
      case 'take':
        if (!anyOr(first, 'array')) invalid(`cannot take from ${name(first)}`);
        if (!anyOr(second, 'int'))
          invalid(`cannot take ${name(second)} elements`, node.args[1]);
        return first;
      case 'keys':
      case 'values':
        if (!anyOr(first, 'map'))
          invalid(`cannot get ${node.name} from ${name(first)}`);
        return 'array';
      case 'toPairs':
        if (!anyOr(first, 'map'))
          invalid(`cannot transform ${name(first)} to pairs`);
        return 'array';
      case 'fromPairs':
        if (!anyOr(first, 'array'))
          invalid(`cannot transform ${name(first)} from pairs`);
        return 'map';
      case 'sort':
      case 'sortBy':
        if (!anyOr(first, 'array')) invalid(`cannot sort ${name(first)}`);
        args.slice(1).forEach((arg, i) => {
          if (!anyOr(arg, 'string')) {
            invalid(
              `invalid argument for sort (expected string, got ${name(arg)})`,
              node.args[i + 1],
            );
          }
        });
        return 'array';
      default:
        return 'any';
    }
  }

  private get(
    node: BuiltinNode,
    object: StaticKind,
    key: StaticKind,
  ): StaticKind {
    const at = node.args[1].offset;
    if (object === 'any') return 'any';
    if (object === 'array') {
      if (key === 'nil') fail('cannot use nil as slice index', at);
      if (!anyOr(key, 'int')) fail(`non-integer slice index ${name(key)}`, at);
      return 'any';
    }
    if (object === 'map') {
      if (key === 'nil') fail('cannot use nil as map index', at);
      if (!anyOr(key, 'string'))
        fail(
          `cannot use ${name(key)} to get an element from ${name(object)}`,
          at,
        );
      return 'any';
    }
    return fail(
      `type ${name(object)} does not support indexing`,
      node.args[0].offset,
    );
  }

  private predicate(node: BuiltinNode): StaticKind {
    const [collection, closure, initial] = node.args;
    const items = this.visit(collection);
    if (!anyOr(items, 'array'))
      fail(
        `builtin ${node.name} takes only array (got ${name(items)})`,
        collection.offset,
      );
    this.elements.push(elementKind(collection));
    const result = this.visit(closure);
    this.elements.pop();
    if (initial) this.visit(initial);
    switch (node.name) {
      case 'map':
        return 'array';
      case 'reduce':
        return result;
      default:
        if (!anyOr(result, 'bool'))
          fail(
            `predicate should return boolean (got ${name(result)})`,
            closure.offset,
          );
        if (node.name === 'filter') return 'array';
        if (
          node.name === 'count' ||
          node.name === 'findIndex' ||
          node.name === 'findLastIndex'
        )
          return 'int';
        return node.name === 'find' || node.name === 'findLast'
          ? elementKind(collection)
          : 'bool';
    }
  }
}

/**
 * Checks the tree as expr's checker would with the environment's variables typed by `variable` ('any' for names
 * the parser already found undeclared); throws the first error in the checker's order, children before parents.
 */
export function check(
  root: Node,
  variable: (name: string) => StaticKind,
): void {
  new Checker(variable).visit(root);
}
