import { parseAlertProvider } from './parseAlertProvider';

const doc = (spec: Record<string, unknown>) => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'AlertProvider',
  metadata: { name: 'on-call', namespace: 'flagger' },
  spec,
});

describe('parseAlertProvider', () => {
  it('reads every field Flagger defines', () => {
    expect(
      parseAlertProvider(
        doc({
          type: 'slack',
          channel: 'deploys',
          username: 'slipway',
          address: 'https://hooks.slack.com/services/T/B/X',
          proxy: 'http://egress.internal:3128',
        }),
      ),
    ).toEqual({
      spec: {
        name: 'on-call',
        namespace: 'flagger',
        type: 'slack',
        channel: 'deploys',
        username: 'slipway',
        address: 'https://hooks.slack.com/services/T/B/X',
        proxy: 'http://egress.internal:3128',
      },
      errors: [],
    });
    expect(
      parseAlertProvider(doc({ type: 'msteams', secretRef: { name: 'teams' } }))
        .errors,
    ).toEqual([]);
  });

  it('names unknown fields, bad values and unknown types by path', () => {
    expect(
      parseAlertProvider(
        doc({ type: 'slack', address: 'not a url', chanel: 'x' }),
      ).errors,
    ).toEqual([
      'spec.address: must be an absolute URL',
      'spec.chanel: unknown field',
    ]);
    expect(
      parseAlertProvider(
        doc({
          type: 'slack',
          address: 'gopher://x',
          proxy: 'socks5://proxy:1080',
        }),
      ).errors,
    ).toEqual([
      'spec.address: must be an http or https URL',
      'spec.proxy: must be an http or https URL',
    ]);
    expect(
      parseAlertProvider(doc({ type: 'slak', address: 'https://x' })).errors,
    ).toEqual([
      'spec.type: must be one of "slack", "discord", "rocket", "msteams", "gchat", "dingtalk", "generic"',
    ]);
    expect(
      parseAlertProvider(doc({ type: 'pager', address: 'https://x' }), [
        'pager',
      ]).errors,
    ).toEqual([]);
  });

  it('needs an address or a secret that gives one', () => {
    expect(parseAlertProvider(doc({ type: 'slack' })).errors).toEqual([
      'spec.address: needs an address or a secretRef whose secret has one',
    ]);
  });

  it('refuses an address beside a secretRef, as Flagger does: it takes exactly one of them', () => {
    expect(
      parseAlertProvider(
        doc({
          type: 'slack',
          address: 'https://hooks.slack.com/services/T/B/X',
          secretRef: { name: 'slack-url' },
        }),
      ).errors,
    ).toEqual([
      'spec.address: must not be set together with spec.secretRef: give the webhook URL either here or as the secret\'s "address" key, not both',
    ]);
  });

  it('refuses other kinds', () => {
    expect(
      parseAlertProvider({
        ...doc({ type: 'slack', address: 'https://x' }),
        kind: 'Canary',
      }).errors,
    ).toEqual(['kind: must be "AlertProvider"']);
  });
});

describe('parseAlertProvider: null values (found by the upstream corpus test)', () => {
  it('takes a null field as not set, as the API server prunes it', () => {
    expect(
      parseAlertProvider({
        ...doc({
          type: 'slack',
          channel: null,
          username: null,
          secretRef: { name: 'slack-hook' },
          address: null,
        }),
        status: null,
      }),
    ).toEqual({
      spec: {
        name: 'on-call',
        namespace: 'flagger',
        type: 'slack',
        secretRef: { name: 'slack-hook' },
      },
      errors: [],
    });
  });

  it('reports a required field left null as missing', () => {
    expect(
      parseAlertProvider(doc({ type: null, address: 'https://x.test/' }))
        .errors,
    ).toEqual(['spec.type: required']);
  });
});
