/** Values a query template can reference; nested objects give dotted names. */
export interface TemplateValues {
  [key: string]: string | TemplateValues | undefined;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Substitutes `{{ name }}` / `{{ variables.x }}` placeholders. Only dotted
 * lookups exist (no functions or pipelines), and a missing value throws, as
 * Flagger's `text/template` with `missingkey=error` does, so a typo never
 * becomes an empty label matcher that selects every series.
 */
export function renderTemplate(
  template: string,
  values: TemplateValues,
): string {
  return template.replace(PLACEHOLDER, (_whole, expression: string) => {
    // Flagger templates also accept the Go spelling `{{ .name }}`.
    const path = expression.startsWith('.') ? expression.slice(1) : expression;
    if (!DOTTED.test(path)) {
      throw new TemplateError(
        `unsupported template expression "{{ ${expression} }}"`,
      );
    }
    let value: string | TemplateValues | undefined = values;
    for (const key of path.split('.')) {
      value =
        typeof value === 'object' &&
        Object.prototype.hasOwnProperty.call(value, key)
          ? value[key]
          : undefined;
    }
    if (typeof value !== 'string') {
      throw new TemplateError(`template variable "${path}" is not defined`);
    }
    return value;
  });
}
