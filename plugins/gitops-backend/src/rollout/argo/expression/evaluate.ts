import { fetch, slice } from './access';
import { ARGO_FUNCTIONS } from './argoFunctions';
import type {
  BinaryNode,
  BuiltinNode,
  CallNode,
  MemberNode,
  Node,
  UnaryNode,
} from './ast';
import { BUILTINS } from './builtins';
import { type StaticKind, check } from './check';
import { Fault, fail } from './errors';
import {
  add,
  arithmetic,
  compare,
  contains,
  divide,
  equal,
  expectString,
  mismatch,
  modulo,
  negate,
  power,
} from './operators';
import type { ParsedExpression } from './parser';
import { PREDICATES, applyPredicate } from './predicates';
import { compileRegex } from './regex';
import { truncateToInt64 } from './strconv';
import {
  type ArrayValue,
  type MapValue,
  type Value,
  Budget,
  elementAt,
  fromHost,
  isArray,
  kindOf,
  mapGet,
  newMap,
  typeName,
} from './values';

// A tree-walking evaluator. Every node costs a step of the budget, and recursion follows the tree, whose depth the
// parser bounded, so a condition can neither loop for ever nor overflow the stack.

/** What a `?.` that met nil hands up its chain, until the chain's end turns it into nil. */
const NIL_CHAIN = Symbol('nil chain');
type Link = Value | typeof NIL_CHAIN;

interface Frame {
  items: ArrayValue;
  index: number;
  acc: Value;
}

/** The bounds of `a..b`: ints, or floats read out of JSON, truncated as expr's runtime.ToInt does. */
function rangeBounds(from: Value, to: Value): [bigint, bigint] {
  const bound = (value: Value) => {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number') return truncateToInt64(value);
    return mismatch('..', from, to);
  };
  return [bound(from), bound(to)];
}

class Evaluator {
  private readonly budget = new Budget();
  private readonly frames: Frame[] = [];
  private readonly variables: { name: string; value: Value }[] = [];
  private readonly result: Value;

  constructor(private readonly env: Record<string, unknown>) {
    this.result = this.variable('result') ?? null;
  }

  /** Whether the environment has `name`; `result` always, nil when the caller gave none. */
  declares(name: string): boolean {
    return name === 'result' || this.variable(name) !== undefined;
  }

  /** The type expr gives a variable of the environment: that of its value. */
  kindOf(name: string): StaticKind {
    if (name === 'result') return kindOf(this.result);
    if (ARGO_FUNCTIONS.has(name)) return 'func';
    const value = this.variable(name);
    return value === undefined ? 'any' : kindOf(value);
  }

  private variable(name: string): Value | undefined {
    return mapGet(this.env as MapValue, name);
  }

  evaluate(node: Node): Value {
    const value = this.link(node);
    return value === NIL_CHAIN ? null : value;
  }

  /** Evaluates `node`; a fault it raises without a position gets the node's. */
  private link(node: Node): Link {
    this.budget.step();
    try {
      return this.dispatch(node);
    } catch (error) {
      if (error instanceof Fault && error.offset === undefined)
        error.offset = node.offset;
      throw error;
    }
  }

  private dispatch(node: Node): Link {
    switch (node.kind) {
      case 'nil':
        return null;
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
        return node.value;
      case 'identifier':
        return this.identifier(node.name);
      case 'pointer':
        return this.pointer(node.name);
      case 'unary':
        return this.unary(node);
      case 'binary':
        return this.binary(node);
      case 'member':
        return this.member(node);
      case 'chain':
        return this.evaluate(node.expression);
      case 'slice':
        return slice(
          this.scanned(this.evaluate(node.object)),
          node.from && this.evaluate(node.from),
          node.to && this.evaluate(node.to),
          this.budget,
        );
      case 'call':
        return this.call(node);
      case 'builtin':
        return this.builtin(node);
      case 'closure':
        return this.evaluate(node.body);
      case 'let': {
        this.variables.push({
          name: node.name,
          value: this.evaluate(node.value),
        });
        try {
          return this.evaluate(node.body);
        } finally {
          this.variables.pop();
        }
      }
      case 'conditional': {
        const test = this.evaluate(node.test);
        if (typeof test !== 'boolean') {
          fail(
            `non-bool expression (type ${typeName(test)}) used as condition`,
            node.test.offset,
          );
        }
        return this.evaluate(test ? node.consequent : node.alternate);
      }
      case 'array': {
        this.budget.allocate(node.elements.length);
        return node.elements.map(element => this.evaluate(element));
      }
      case 'map': {
        this.budget.allocate(node.entries.length);
        const map = newMap();
        for (const entry of node.entries) {
          const key = this.evaluate(entry.key);
          if (typeof key !== 'string')
            fail(
              `map key must be a string, not ${typeName(key)}`,
              entry.key.offset,
            );
          map[key] = this.evaluate(entry.value);
        }
        return map;
      }
      default:
        return fail('unknown node');
    }
  }

  private identifier(name: string): Value {
    for (let i = this.variables.length - 1; i >= 0; i--) {
      if (this.variables[i].name === name) return this.variables[i].value;
    }
    if (name === '$env') return fromHost(this.env);
    if (name === 'result') return this.result;
    const value = this.variable(name);
    if (value !== undefined) return value;
    if (ARGO_FUNCTIONS.has(name))
      fail(`${name} is a function: call it, as in ${name}(…)`);
    return fail(`unknown name ${name}`);
  }

  /** A value, with what reading it through costs when it is a string: builtins and indexes walk strings. */
  private scanned(value: Value): Value {
    if (typeof value === 'string') this.budget.scan(value.length);
    return value;
  }

  private pointer(name: '' | 'index' | 'acc'): Value {
    const frame = this.frames[this.frames.length - 1];
    if (name === 'index') return BigInt(frame.index);
    if (name === 'acc') return frame.acc;
    return elementAt(frame.items, frame.index);
  }

  private unary(node: UnaryNode): Value {
    const value = this.evaluate(node.operand);
    switch (node.operator) {
      case '-':
        return negate(value);
      case '+':
        return value; // the checker refused what is known not to be a number; expr lets the rest through
      default:
        if (typeof value !== 'boolean') {
          fail(
            `invalid operation: ${node.operator} (mismatched type ${typeName(
              value,
            )})`,
          );
        }
        return !value;
    }
  }

  /**
   * `&&`, `||`: short-circuit on a bool; like expr, what the right side yields is the answer, bool or not. A literal
   * true or false on the right is folded away as expr's optimiser does: `x && true` is x, `x && false` false.
   */
  private logical(node: BinaryNode, shortCircuit: boolean): Value {
    if (node.right.kind === 'bool') {
      return node.right.value === shortCircuit
        ? shortCircuit
        : this.evaluate(node.left);
    }
    const left = this.evaluate(node.left);
    if (typeof left !== 'boolean') {
      fail(
        `invalid operation: ${node.operator} (mismatched types ${typeName(
          left,
        )} and bool)`,
      );
    }
    return left === shortCircuit ? left : this.evaluate(node.right);
  }

  private binary(node: BinaryNode): Value {
    switch (node.operator) {
      case '&&':
      case 'and':
        return this.logical(node, false);
      case '||':
      case 'or':
        return this.logical(node, true);
      case '??': {
        const left = this.evaluate(node.left);
        return left !== null ? left : this.evaluate(node.right);
      }
      case 'in':
        return this.membership(node);
      default:
    }
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    if (typeof left === 'string') this.budget.scan(left.length);
    if (typeof right === 'string') this.budget.scan(right.length);
    switch (node.operator) {
      case '==':
        return equal(left, right, this.budget);
      case '!=':
        return !equal(left, right, this.budget);
      case '<':
      case '>':
      case '<=':
      case '>=':
        return compare(node.operator, left, right);
      case '+':
        return add(left, right, this.budget);
      case '-':
      case '*':
        return arithmetic(node.operator, left, right);
      case '/':
        return divide(left, right);
      case '%':
        return modulo(left, right);
      case '**':
      case '^':
        return power(left, right);
      case '..':
        return this.range(left, right);
      case 'matches': {
        const [text, pattern] = expectString('matches', left, right);
        const regex = node.regex ?? compileRegex(pattern);
        // RE2's time is linear in the text, times the size of the pattern at worst.
        this.budget.step(Math.ceil((regex.size * text.length) / 8));
        return regex.test(text);
      }
      case 'contains': {
        const [text, part] = expectString('contains', left, right);
        return text.includes(part);
      }
      case 'startsWith': {
        const [text, part] = expectString('startsWith', left, right);
        return text.startsWith(part);
      }
      case 'endsWith': {
        const [text, part] = expectString('endsWith', left, right);
        return text.endsWith(part);
      }
      default:
        return fail(`unknown operator (${node.operator})`);
    }
  }

  private range(fromValue: Value, toValue: Value): Value {
    const [from, to] = rangeBounds(fromValue, toValue);
    const size = to - from + 1n;
    if (size <= 0n) return [];
    this.budget.allocate(Number(size));
    this.budget.step(Number(size));
    return Array.from({ length: Number(size) }, (_, i) => from + BigInt(i));
  }

  /**
   * `in`, with two shortcuts of expr's optimiser that show: an int in a range is a test of its bounds, and a literal
   * array of strings a set of strings.
   */
  private membership(node: BinaryNode): Value {
    const needle = this.evaluate(node.left);
    const range = node.right;
    if (
      range.kind === 'array' &&
      range.elements.length > 0 &&
      range.elements.every(e => e.kind === 'string')
    ) {
      // expr's optimiser makes a literal array of strings a set of strings, looked up with a string (nil is "").
      if (needle !== null && typeof needle !== 'string')
        fail(`cannot use ${typeName(needle)} as type string in map key`);
      return range.elements.some(
        element =>
          element.kind === 'string' && element.value === (needle ?? ''),
      );
    }
    if (
      typeof needle === 'bigint' &&
      range.kind === 'binary' &&
      range.operator === '..'
    ) {
      const [from, to] = rangeBounds(
        this.evaluate(range.left),
        this.evaluate(range.right),
      );
      return needle >= from && needle <= to;
    }
    return contains(this.evaluate(range), needle, this.budget);
  }

  private member(node: MemberNode): Link {
    const { object: objectNode, property } = node;
    const object =
      objectNode.kind === 'member' || objectNode.kind === 'call'
        ? this.link(objectNode)
        : this.evaluate(objectNode);
    if (object === NIL_CHAIN) return NIL_CHAIN;
    if (node.optional && object === null) return NIL_CHAIN;
    return fetch(this.scanned(object), this.evaluate(property));
  }

  private call(node: CallNode): Link {
    const callee = node.callee;
    let name: string | undefined;
    if (
      callee.kind === 'identifier' &&
      !this.variables.some(v => v.name === callee.name)
    ) {
      name = callee.name;
    } else if (
      callee.kind === 'member' &&
      callee.object.kind === 'identifier' &&
      callee.object.name === '$env' &&
      callee.property.kind === 'string'
    ) {
      name = callee.property.value;
    }
    const fn = name === undefined ? undefined : ARGO_FUNCTIONS.get(name);
    if (fn) {
      const args = node.args.map(arg => this.scanned(this.evaluate(arg)));
      return fn.call(args, { result: this.result, budget: this.budget });
    }
    const target =
      callee.kind === 'member' ? this.link(callee) : this.evaluate(callee);
    if (target === NIL_CHAIN) return NIL_CHAIN;
    return fail(`${typeName(target)} is not callable`);
  }

  private builtin(node: BuiltinNode): Value {
    if (PREDICATES.has(node.name)) return this.predicate(node);
    const args = node.args.map(arg => this.scanned(this.evaluate(arg)));
    return BUILTINS.get(node.name)!.call(args, this.budget);
  }

  private predicate(node: BuiltinNode): Value {
    const [collectionNode, closure, initialNode] = node.args;
    const items = this.evaluate(collectionNode);
    if (!isArray(items)) {
      fail(
        `builtin ${node.name} takes only array (got ${typeName(items)})`,
        collectionNode.offset,
      );
    }
    const initial = initialNode && this.evaluate(initialNode);
    const frame: Frame = { items, index: 0, acc: null };
    this.frames.push(frame);
    try {
      return applyPredicate(
        node.name,
        items,
        (index, acc) => {
          frame.index = index;
          frame.acc = acc;
          return this.evaluate(closure);
        },
        initial,
        this.budget,
      );
    } finally {
      this.frames.pop();
    }
  }
}

/**
 * Evaluates a parsed condition as Argo compiles and runs one: first the checks expr makes when compiling against
 * the environment (names exist, types fit), then the run.
 */
export function evaluateParsed(
  parsed: ParsedExpression,
  env: Record<string, unknown>,
): Value {
  const evaluator = new Evaluator(env);
  for (const [name, offset] of parsed.freeNames) {
    if (!evaluator.declares(name) && !ARGO_FUNCTIONS.has(name))
      fail(`unknown name ${name}`, offset);
  }
  for (const [name, offset] of parsed.letNames) {
    if (evaluator.declares(name)) fail(`cannot redeclare ${name}`, offset);
  }
  // Some microseconds for a condition: cheaper than keeping verdicts per kinds of variables.
  check(parsed.root, name => evaluator.kindOf(name));
  return evaluator.evaluate(parsed.root);
}
