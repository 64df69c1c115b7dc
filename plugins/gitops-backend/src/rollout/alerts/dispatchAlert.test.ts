import { ChatFake, startChatFake } from '@internal/test-env';
import type { RolloutAlert } from '@internal/plugin-gitops-node';
import type { AlertSpec } from '../spec/types';
import { builtinAlertProviders } from './builtinAlertProviders';
import { dispatchAlert, DispatchAlertInput, wantsAlert } from './dispatchAlert';
import { AlertProviderSpec } from './parseAlertProvider';

const alert = (severity: RolloutAlert['severity']): RolloutAlert => ({
  severity,
  target: 'podinfo.test',
  cluster: 'local',
  message: `a ${severity} alert`,
});

const providers = builtinAlertProviders();
const byType = (type: string) => providers.find(p => p.type === type);

describe('wantsAlert', () => {
  it('lets info subscribers see everything, warn warnings and errors, error errors only', () => {
    const grid = (['info', 'warn', 'error'] as const).map(subscribed =>
      (['info', 'warn', 'error'] as const).map(severity =>
        wantsAlert(subscribed, severity),
      ),
    );
    expect(grid).toEqual([
      [true, true, true],
      [false, true, true],
      [false, false, true],
    ]);
  });
});

describe('dispatchAlert', () => {
  let chat: ChatFake;
  let docs: AlertProviderSpec[];
  beforeAll(async () => {
    chat = await startChatFake();
    docs = [
      { name: 'slack', type: 'slack', address: `${chat.url}/slack` },
      { name: 'teams', type: 'msteams', address: `${chat.url}/msteams` },
      {
        name: 'generic',
        namespace: 'ops',
        type: 'generic',
        secretRef: { name: 'generic-hook' },
      },
      { name: 'pager', type: 'pagerduty', address: `${chat.url}/generic` },
    ];
  });
  afterAll(() => chat.close());

  const secrets: Record<string, Record<string, string>> = {
    'ops/generic-hook': { address: '', token: 'from-secret' },
  };
  const input = (
    severity: RolloutAlert['severity'],
    alertSpecs: AlertSpec[],
  ): DispatchAlertInput => ({
    alert: alert(severity),
    alertSpecs,
    providerDocs: docs,
    providers: byType,
    readSecret: async (ns, name) => secrets[`${ns}/${name}`],
  });
  const subscriptions: AlertSpec[] = [
    { name: 'all', severity: 'info', providerRef: { name: 'slack' } },
    {
      name: 'problems',
      severity: 'warn',
      providerRef: { name: 'teams', namespace: 'test' },
    },
    { name: 'errors', severity: 'error', providerRef: { name: 'slack' } },
  ];

  it('sends each alert to the subscriptions whose severity lets it through', async () => {
    const before = chat.messages.length;
    expect(await dispatchAlert(input('info', subscriptions))).toEqual([
      { name: 'all', ok: true },
    ]);
    expect(await dispatchAlert(input('warn', subscriptions))).toEqual([
      { name: 'all', ok: true },
      { name: 'problems', ok: true },
    ]);
    expect(await dispatchAlert(input('error', subscriptions))).toEqual([
      { name: 'all', ok: true },
      { name: 'problems', ok: true },
      { name: 'errors', ok: true },
    ]);
    expect(
      chat.messages
        .slice(before)
        .map(m => m.path)
        .sort(),
    ).toEqual(['/msteams', '/msteams', '/slack', '/slack', '/slack', '/slack']);
  });

  it("takes address, token and proxy from the provider's secret", async () => {
    secrets['ops/generic-hook'] = {
      address: `${chat.url}/generic`,
      token: 'from-secret',
    };
    const result = await dispatchAlert(
      input('error', [
        {
          name: 'ops',
          severity: 'error',
          providerRef: { name: 'generic', namespace: 'ops' },
        },
      ]),
    );
    expect(result).toEqual([{ name: 'ops', ok: true }]);
    const message = chat.on('/generic').at(-1)!;
    expect(message.headers.authorization).toBe('Bearer from-secret');
    expect(message.body).toMatchObject({
      severity: 'error',
      target: 'podinfo.test',
      message: 'a error alert',
    });
  });

  it('reports, never throws, what kept an alert from a destination', async () => {
    secrets['ops/generic-hook'] = { token: 'no-address' };
    const failures = await dispatchAlert(
      input('error', [
        { name: 'missing', severity: 'info', providerRef: { name: 'nope' } },
        {
          name: 'wrong-namespace',
          severity: 'info',
          providerRef: { name: 'slack', namespace: 'other' },
        },
        {
          name: 'unknown-type',
          severity: 'info',
          providerRef: { name: 'pager' },
        },
        {
          name: 'no-address',
          severity: 'info',
          providerRef: { name: 'generic', namespace: 'ops' },
        },
      ]),
    );
    expect(failures).toEqual([
      {
        name: 'missing',
        ok: false,
        error: 'AlertProvider nope.test not found',
      },
      {
        name: 'wrong-namespace',
        ok: false,
        error: 'AlertProvider slack.other not found',
      },
      {
        name: 'unknown-type',
        ok: false,
        error: 'no alert provider of type "pagerduty" is installed',
      },
      {
        name: 'no-address',
        ok: false,
        error:
          'AlertProvider generic has no address, and its secret has no address key',
      },
    ]);
    delete secrets['ops/generic-hook'];
    expect(
      await dispatchAlert(
        input('info', [
          {
            name: 'gone',
            severity: 'info',
            providerRef: { name: 'generic', namespace: 'ops' },
          },
        ]),
      ),
    ).toEqual([
      {
        name: 'gone',
        ok: false,
        error: 'secret ops/generic-hook of AlertProvider generic not found',
      },
    ]);
  });

  it('reports an unreachable address and a refused message beside the successes', async () => {
    docs.push({
      name: 'down',
      type: 'slack',
      address: 'http://127.0.0.1:1/slack',
    });
    chat.failNext(500, 'internal error');
    const result = await dispatchAlert(
      input('error', [
        { name: 'refused', severity: 'info', providerRef: { name: 'teams' } },
        { name: 'down', severity: 'info', providerRef: { name: 'down' } },
      ]),
    );
    expect(result).toEqual([
      {
        name: 'refused',
        ok: false,
        error: 'msteams answered 500: internal error',
      },
      {
        name: 'down',
        ok: false,
        error:
          'POST http://127.0.0.1:1/slack failed: connect ECONNREFUSED 127.0.0.1:1',
      },
    ]);
  });
});
