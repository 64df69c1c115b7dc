import { CliError } from '../exitCodes';
import { parseAppRef } from './appRef';

describe('parseAppRef', () => {
  it('defaults the kind to component and the namespace to default', () => {
    expect(parseAppRef('payments')).toEqual({
      entity: { kind: 'component', namespace: 'default', name: 'payments' },
      cluster: undefined,
    });
  });

  it('reads kind, namespace and cluster, the kind in lower case', () => {
    expect(parseAppRef('Component:shop/payments@eu-west')).toEqual({
      entity: { kind: 'component', namespace: 'shop', name: 'payments' },
      cluster: 'eu-west',
    });
    expect(parseAppRef('shop/payments', 'prod')).toEqual({
      entity: { kind: 'component', namespace: 'shop', name: 'payments' },
      cluster: 'prod',
    });
  });

  it('refuses what is no entity ref, and two different clusters, as usage errors', () => {
    const exitCodeOf = (text: string) => {
      try {
        parseAppRef(text);
        return 'parsed';
      } catch (error) {
        return (error as CliError).exitCode;
      }
    };
    for (const text of ['', 'a:b:c', 'a/b/c', 'payments@', '@prod']) {
      expect([text, exitCodeOf(text)]).toEqual([text, 2]);
    }
    expect(() => parseAppRef('payments@prod', 'dev')).toThrow(
      "'payments@prod' names cluster 'prod' but --cluster says 'dev'",
    );
  });
});
