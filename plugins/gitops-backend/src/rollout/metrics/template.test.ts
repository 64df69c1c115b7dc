import { renderTemplate, TemplateError } from './template';

describe('renderTemplate', () => {
  const values = {
    namespace: 'test',
    target: 'podinfo',
    variables: { threshold: '0.5', 'ingress-class': 'nginx' },
  };

  it('substitutes top-level and dotted names, with or without spaces and a leading dot', () => {
    expect(
      renderTemplate(
        'a{{ namespace }}b{{target}}c{{ .variables.threshold }}d{{ variables.ingress-class }}',
        values,
      ),
    ).toBe('atestbpodinfoc0.5dnginx');
  });

  it('throws on a missing value instead of rendering an empty string', () => {
    expect(() => renderTemplate('{{ service }}', values)).toThrow(
      new TemplateError('template variable "service" is not defined'),
    );
    expect(() => renderTemplate('{{ variables.nope }}', values)).toThrow(
      'template variable "variables.nope" is not defined',
    );
    expect(() => renderTemplate('{{ variables }}', values)).toThrow(
      'template variable "variables" is not defined',
    );
  });

  it('refuses anything but a dotted lookup', () => {
    expect(() => renderTemplate('{{ printf "%s" target }}', values)).toThrow(
      'unsupported template expression',
    );
    expect(() => renderTemplate('{{ constructor.name }}', values)).toThrow(
      'template variable "constructor.name" is not defined',
    );
  });

  it('leaves text without placeholders alone', () => {
    expect(renderTemplate('sum(up{job="x"})', values)).toBe('sum(up{job="x"})');
  });
});
