import type { CompiledRegex } from './regex';

// The syntax tree the parser builds and the evaluator walks. Every node keeps the offset of the token that names it
// (an operator, a name, a bracket), which is where an error it raises points.

interface At {
  offset: number;
}

export type Node =
  | NilNode
  | BoolNode
  | IntNode
  | FloatNode
  | StringNode
  | IdentifierNode
  | PointerNode
  | UnaryNode
  | BinaryNode
  | MemberNode
  | ChainNode
  | SliceNode
  | CallNode
  | BuiltinNode
  | ClosureNode
  | LetNode
  | ConditionalNode
  | ArrayNode
  | MapNode;

export interface NilNode extends At {
  kind: 'nil';
}

export interface BoolNode extends At {
  kind: 'bool';
  value: boolean;
}

/** Go's int: 64 bits, so a bigint. */
export interface IntNode extends At {
  kind: 'int';
  value: bigint;
}

export interface FloatNode extends At {
  kind: 'float';
  value: number;
}

export interface StringNode extends At {
  kind: 'string';
  value: string;
}

/** A variable of the environment, a `let` variable, or `$env`. */
export interface IdentifierNode extends At {
  kind: 'identifier';
  name: string;
  /** The `let` that declares the name, when one does. */
  declaration?: LetNode;
}

/** `#` (the element a predicate is looking at), `#index`, or `#acc` (reduce's accumulator). */
export interface PointerNode extends At {
  kind: 'pointer';
  name: '' | 'index' | 'acc';
}

export interface UnaryNode extends At {
  kind: 'unary';
  operator: 'not' | '!' | '-' | '+';
  operand: Node;
}

export interface BinaryNode extends At {
  kind: 'binary';
  operator: string;
  left: Node;
  right: Node;
  /** For `matches` with a literal pattern: compiled once, so a bad pattern is a syntax error. */
  regex?: CompiledRegex;
}

/** `a.b`, `a?.b` and `a[b]`. */
export interface MemberNode extends At {
  kind: 'member';
  object: Node;
  property: Node;
  optional: boolean;
}

/** The extent of a `?.` chain: where a nil met by `?.` ends the whole chain as nil. */
export interface ChainNode extends At {
  kind: 'chain';
  expression: Node;
}

export interface SliceNode extends At {
  kind: 'slice';
  object: Node;
  from?: Node;
  to?: Node;
}

/** A call of a function of the environment (Argo's `asInt`, `default`…), or of something that is not one. */
export interface CallNode extends At {
  kind: 'call';
  callee: Node;
  args: Node[];
}

/** A call of one of expr's builtins; the predicates among them take a closure as their second argument. */
export interface BuiltinNode extends At {
  kind: 'builtin';
  name: string;
  args: Node[];
}

export interface ClosureNode extends At {
  kind: 'closure';
  body: Node;
}

export interface LetNode extends At {
  kind: 'let';
  name: string;
  value: Node;
  body: Node;
}

export interface ConditionalNode extends At {
  kind: 'conditional';
  test: Node;
  consequent: Node;
  alternate: Node;
}

export interface ArrayNode extends At {
  kind: 'array';
  elements: Node[];
}

export interface MapNode extends At {
  kind: 'map';
  entries: { key: Node; value: Node }[];
}

/** The nodes directly below `node`. */
export function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'member':
      return [node.object, node.property];
    case 'chain':
      return [node.expression];
    case 'slice':
      return [
        node.object,
        ...(node.from ? [node.from] : []),
        ...(node.to ? [node.to] : []),
      ];
    case 'call':
      return [node.callee, ...node.args];
    case 'builtin':
      return node.args;
    case 'array':
      return node.elements;
    case 'closure':
      return [node.body];
    case 'let':
      return [node.value, node.body];
    case 'conditional':
      return [node.test, node.consequent, node.alternate];
    case 'map':
      return node.entries.flatMap(entry => [entry.key, entry.value]);
    default:
      return [];
  }
}
