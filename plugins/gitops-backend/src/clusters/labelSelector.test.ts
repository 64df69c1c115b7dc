import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const web = { app: 'web', tier: 'frontend', env: 'prod' };

  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['env in (prod, staging)', true],
    ['env in (staging)', false],
    ['env notin (staging,dev)', true],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['app=web, env in (prod,dev), !legacy', true],
    ['app=web,tier=backend', false],
  ])('%s matches %j: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(web)).toBe(expected);
  });

  it('treats objects without labels as having none', () => {
    expect(parseLabelSelector('!app')(undefined)).toBe(true);
    expect(parseLabelSelector('app')(undefined)).toBe(false);
  });

  it('rejects malformed selectors with the offending term', () => {
    expect(() => parseLabelSelector('app=web,=x')).toThrow("cannot parse '=x'");
    expect(() => parseLabelSelector('a b')).toThrow("Invalid label selector 'a b'");
  });
});
