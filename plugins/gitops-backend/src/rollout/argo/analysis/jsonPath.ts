/**
 * The part of Kubernetes' JSONPath templates (k8s.io/client-go/util/jsonpath,
 * what Argo's web metric reads `jsonPath` with) that a metric needs:
 * `{$}`, `{$.a.b}`, `{.a.b}`, `{$.a['b.c']}`, `{$.items[0].x}`,
 * `{$.items[-1]}`, `{$.items[1:3]}`, `{$.items[*].x}`, `{$.a.*}`,
 * `{$..x}`, `{$.items[0,2]}`, and text around them. Filters (`[?(…)]`),
 * `range`/`end` and literals are refused when the template is parsed.
 */

type Param = { known: boolean; value: number; derived: boolean };

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive' }
  | { kind: 'slice'; params: [Param, Param, Param] }
  | { kind: 'union'; branches: Step[][] };

type Part = { kind: 'text'; text: string } | { kind: 'list'; steps: Step[] };

export interface JsonPathTemplate {
  parts: Part[];
}

class JsonPathError extends Error {}

const DICT_KEY = /^'([^']*)'$/;
const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;

function isTerminator(c: string | undefined): boolean {
  return c === undefined || ' \t\r\n.,[]$@{}'.includes(c);
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);
}

class Parser {
  private pos = 0;
  constructor(private readonly input: string) {}

  parseTemplate(): Part[] {
    const parts: Part[] = [];
    while (this.pos < this.input.length) {
      const open = this.input.indexOf('{', this.pos);
      if (open < 0) {
        parts.push({ kind: 'text', text: this.input.slice(this.pos) });
        break;
      }
      if (open > this.pos)
        parts.push({ kind: 'text', text: this.input.slice(this.pos, open) });
      this.pos = open + 1;
      parts.push({ kind: 'list', steps: this.parseAction(true) });
    }
    return parts;
  }

  /** Steps up to the closing `}` (or the end of a nested action's text). */
  private parseAction(braced: boolean): Step[] {
    const steps: Step[] = [];
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (braced && rest.startsWith('}')) {
        this.pos += 1;
        return steps;
      }
      if (!braced && rest === '') return steps;
      if (rest.startsWith('[?('))
        throw new JsonPathError('filters ([?(…)]) are not supported');
      if (rest.startsWith('..')) {
        if (steps[steps.length - 1]?.kind === 'recursive')
          throw new JsonPathError('invalid multiple recursive descent');
        this.pos += 2;
        steps.push({ kind: 'recursive' });
        if (isAlphaNumeric(this.input[this.pos])) steps.push(this.parseField());
        continue;
      }
      const c = this.input[this.pos];
      if (c === undefined || c === '\r' || c === '\n')
        throw new JsonPathError('unclosed action');
      this.pos += 1;
      if (c === ' ' || c === '@' || c === '$') continue;
      if (c === '.') steps.push(this.parseField());
      else if (c === '[') steps.push(...this.parseArray());
      else if (c === '"' || c === "'")
        throw new JsonPathError('quoted literals are not supported');
      else if (c === '+' || c === '-' || /\d/.test(c))
        throw new JsonPathError('number literals are not supported');
      else if (isAlphaNumeric(c))
        throw new JsonPathError(
          'identifiers (range, end, true, false) are not supported',
        );
      else
        throw new JsonPathError(
          `unrecognized character in action: U+${c
            .codePointAt(0)!
            .toString(16)
            .toUpperCase()
            .padStart(4, '0')} '${c}'`,
        );
    }
  }

  private parseField(): Step {
    let name = '';
    while (!isTerminator(this.input[this.pos])) {
      if (this.input[this.pos] === '\\') this.pos += 1;
      if (this.pos < this.input.length) name += this.input[this.pos];
      this.pos += 1;
    }
    return name === '*' ? { kind: 'wildcard' } : { kind: 'field', name };
  }

  private parseArray(): Step[] {
    const close = this.input.indexOf(']', this.pos);
    const newline = this.input.indexOf('\n', this.pos);
    if (close < 0 || (newline >= 0 && newline < close))
      throw new JsonPathError('unterminated array');
    let text = this.input.slice(this.pos, close);
    this.pos = close + 1;
    if (text === '*') text = ':';
    const alternatives = text.split(',');
    if (alternatives.length > 1) {
      return [
        {
          kind: 'union',
          branches: alternatives.map(a =>
            new Parser(`[${a.trim()}]`).parseAction(false),
          ),
        },
      ];
    }
    const key = DICT_KEY.exec(text);
    if (key) return new Parser(`.${key[1]}`).parseAction(false);
    const slice = SLICE.exec(text);
    if (!slice) throw new JsonPathError(`invalid array index ${text}`);
    const raw = [slice[1], slice[2], slice[3]];
    const params = [0, 1, 2].map(i => {
      let value = raw[i] ?? '';
      if (value !== '') {
        if (i > 0) value = value.slice(1);
        if (i > 0 && value === '')
          return { known: false, value: 0, derived: false };
        return { known: true, value: Number(value), derived: false };
      }
      if (i === 1) {
        return { known: true, value: (Number(raw[0]) || 0) + 1, derived: true };
      }
      return { known: false, value: 0, derived: false };
    }) as [Param, Param, Param];
    return [{ kind: 'slice', params }];
  }
}

/** Parses a template; the error reads as the Kubernetes parser's where it has one. */
export function parseJsonPath(
  template: string,
): { template: JsonPathTemplate; error?: undefined } | { error: string } {
  try {
    return { template: { parts: new Parser(template).parseTemplate() } };
  } catch (error) {
    if (error instanceof JsonPathError) return { error: error.message };
    throw error;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Go type Argo's errors name for a value decoded from JSON. */
function goType(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  return typeof v;
}

/** Children of a value, as `*` and `..` see them (a string's bytes, as in Go). */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')];
  return [];
}

function evalSlice(input: unknown[], params: [Param, Param, Param]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value))
      throw new JsonPathError(`${goType(value)} is not array or slice`);
    const length = value.length;
    let start = params[0].known ? params[0].value : 0;
    if (start < 0) start += length;
    let end = params[1].known ? params[1].value : length;
    if (end < 0 || (end === 0 && params[1].derived)) end += length;
    if (end === start) return result;
    if (start >= length || start < 0)
      throw new JsonPathError(
        `array index out of bounds: index ${start}, length ${length}`,
      );
    if (end > length || end < 0)
      throw new JsonPathError(
        `array index out of bounds: index ${end - 1}, length ${length}`,
      );
    if (start > end)
      throw new JsonPathError(
        `starting index ${start} is greater than ending index ${end}`,
      );
    let step = 1;
    if (params[2].known) {
      if (params[2].value <= 0) throw new JsonPathError('step must be > 0');
      step = params[2].value;
    }
    for (let i = start; i < end; i += step) result.push(value[i]);
  }
  return result;
}

function evalRecursive(input: unknown[]): unknown[] {
  const result: unknown[] = [];
  for (const value of input) {
    if (value === null || value === undefined) continue;
    const kids = children(value);
    if (kids.length > 0) result.push(value, ...evalRecursive(kids));
  }
  return result;
}

function evalSteps(input: unknown[], steps: Step[]): unknown[] {
  let current = input;
  for (const step of steps) {
    switch (step.kind) {
      case 'field': {
        const found: unknown[] = [];
        for (const value of current) {
          if (isObject(value) && Object.hasOwn(value, step.name))
            found.push(value[step.name]);
        }
        if (found.length === 0 && current.length > 0)
          throw new JsonPathError(`${step.name} is not found`);
        current = found;
        break;
      }
      case 'wildcard':
        current = current.flatMap(v => (v === null ? [] : children(v)));
        break;
      case 'recursive':
        current = evalRecursive(current);
        break;
      case 'slice':
        current = evalSlice(current, step.params);
        break;
      case 'union': {
        const from = current;
        current = step.branches.flatMap(branch => evalSteps(from, branch));
        break;
      }
      default:
        throw new JsonPathError('unexpected node');
    }
  }
  return current;
}

/**
 * The value Argo's web metric takes from a JSON body: the first value the
 * template yields (`FindResults`, then the first value of the first list
 * that has one). A text part yields its own text.
 */
export function firstJsonPathValue(
  template: JsonPathTemplate,
  data: unknown,
): { value: unknown; error?: undefined } | { error: string } {
  let lists: unknown[][];
  try {
    lists = template.parts.map(part =>
      part.kind === 'text' ? [part.text] : evalSteps([data], part.steps),
    );
  } catch (error) {
    if (error instanceof JsonPathError)
      return { error: `Could not find JSONPath in body: ${error.message}` };
    throw error;
  }
  for (const list of lists) {
    if (list.length > 0) return { value: list[0] };
  }
  return { error: 'result of web metric produced no value' };
}
