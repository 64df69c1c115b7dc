import type { ZodIssue } from 'zod';

/** `['spec','analysis','metrics',0,'name']` → `spec.analysis.metrics[0].name`. */
export function formatPath(path: (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

const join = (path: (string | number)[], key?: string) =>
  formatPath(key === undefined ? path : [...path, key]) || '(document)';

/** One message per problem; an unknown-keys issue becomes one message per key. */
export function issueMessages(issue: ZodIssue): string[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map(key => `${join(issue.path, key)}: unknown field`);
    case 'invalid_type':
      if (issue.received === 'undefined') {
        // zod says "Required" unless the schema gives the reason.
        const why = issue.message === 'Required' ? '' : ` (${issue.message})`;
        return [`${join(issue.path)}: required${why}`];
      }
      // zod reports `.int()` on a fraction as a type issue; the value is a number, so say so plainly.
      if (issue.expected === 'integer')
        return [`${join(issue.path)}: must be an integer`];
      // An enum given a value of another type: zod writes the options as `'a' | 'b'`.
      if (/^'.*'$/.test(issue.expected)) {
        const options = issue.expected
          .split(' | ')
          .map(o => JSON.stringify(o.slice(1, -1)));
        return [
          `${join(issue.path)}: must be one of ${options.join(', ')}, got ${
            issue.received
          }`,
        ];
      }
      return [
        `${join(issue.path)}: must be ${article(issue.expected)}, got ${
          issue.received
        }`,
      ];
    case 'invalid_literal':
      return [`${join(issue.path)}: must be ${JSON.stringify(issue.expected)}`];
    case 'invalid_enum_value':
      return [
        `${join(issue.path)}: must be one of ${issue.options
          .map(o => JSON.stringify(o))
          .join(', ')}, got ${JSON.stringify(issue.received)}`,
      ];
    case 'invalid_union':
      return [`${join(issue.path)}: has an invalid value`];
    default:
      return [`${join(issue.path)}: ${issue.message}`];
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
