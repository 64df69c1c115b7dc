import { ChatFake, startChatFake } from '@internal/test-env';
import type { RolloutAlert } from '@slipway/plugin-gitops-node';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
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
        namespace: 'test',
        type: 'generic',
        secretRef: { name: 'generic-hook' },
      },
      { name: 'pager', type: 'pagerduty', address: `${chat.url}/generic` },
    ];
  });
  afterAll(() => chat.close());

  const secrets: Record<string, Record<string, string>> = {
    'test/generic-hook': { address: '', token: 'from-secret' },
  };
  const secretsRead: string[] = [];
  const input = (
    severity: RolloutAlert['severity'],
    alertSpecs: AlertSpec[],
  ): DispatchAlertInput => ({
    alert: alert(severity),
    alertSpecs,
    providerDocs: docs,
    providers: byType,
    readSecret: async (ns, name) => {
      secretsRead.push(`${ns}/${name}`);
      return secrets[`${ns}/${name}`];
    },
    policy: projectOutboundPolicy(testProject()),
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
    secrets['test/generic-hook'] = {
      address: `${chat.url}/generic`,
      token: 'from-secret',
    };
    const result = await dispatchAlert(
      input('error', [
        {
          name: 'ops',
          severity: 'error',
          providerRef: { name: 'generic', namespace: 'test' },
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
    secrets['test/generic-hook'] = { token: 'no-address' };
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
          providerRef: { name: 'generic', namespace: 'test' },
        },
      ]),
    );
    expect(failures).toEqual([
      {
        name: 'missing',
        ok: false,
        misconfigured: true,
        error: 'AlertProvider nope.test not found',
      },
      {
        name: 'wrong-namespace',
        ok: false,
        misconfigured: true,
        error:
          "providerRef slack.other is outside the rollout's namespace 'test': AlertProviders resolve only there",
      },
      {
        name: 'unknown-type',
        ok: false,
        misconfigured: true,
        error: 'no alert provider of type "pagerduty" is installed',
      },
      {
        name: 'no-address',
        ok: false,
        misconfigured: true,
        error:
          'AlertProvider generic has no address: its secret test/generic-hook has no "address" key',
      },
    ]);
    delete secrets['test/generic-hook'];
    expect(
      await dispatchAlert(
        input('info', [
          {
            name: 'gone',
            severity: 'info',
            providerRef: { name: 'generic', namespace: 'test' },
          },
        ]),
      ),
    ).toEqual([
      {
        name: 'gone',
        ok: false,
        misconfigured: true,
        error: 'secret test/generic-hook of AlertProvider generic not found',
      },
    ]);
  });

  it('says a provider is invalid, and why, instead of not found', async () => {
    const before = chat.messages.length;
    const result = await dispatchAlert({
      ...input('error', [
        { name: 'on-call', severity: 'info', providerRef: { name: 'broken' } },
      ]),
      invalidProviders: [
        {
          name: 'broken',
          errors: [
            'spec.address: must be an http or https URL',
            'spec.chanel: unknown field',
          ],
        },
      ],
    });
    expect(result).toEqual([
      {
        name: 'on-call',
        ok: false,
        misconfigured: true,
        error:
          'AlertProvider broken.test is invalid: spec.address: must be an http or https URL; spec.chanel: unknown field',
      },
    ]);
    expect(chat.messages.length).toBe(before);
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

  it("never reads another namespace's secret: a provider declared or referenced elsewhere is refused", async () => {
    const before = chat.messages.length;
    secretsRead.length = 0;
    secrets['team-b/slack-token'] = {
      address: `${chat.url}/generic`,
      token: 'team-b-token',
    };
    docs.push({
      name: 'stolen',
      namespace: 'team-b',
      type: 'generic',
      secretRef: { name: 'slack-token' },
    });
    const result = await dispatchAlert(
      input('error', [
        {
          name: 'by-ref',
          severity: 'info',
          providerRef: { name: 'stolen', namespace: 'team-b' },
        },
        { name: 'by-doc', severity: 'info', providerRef: { name: 'stolen' } },
      ]),
    );
    expect(result).toEqual([
      {
        name: 'by-ref',
        ok: false,
        misconfigured: true,
        error:
          "providerRef stolen.team-b is outside the rollout's namespace 'test': AlertProviders resolve only there",
      },
      {
        name: 'by-doc',
        ok: false,
        misconfigured: true,
        error:
          "AlertProvider stolen is declared in namespace 'team-b', outside the rollout's namespace 'test': AlertProviders resolve only there",
      },
    ]);
    expect(secretsRead).toEqual([]);
    expect(chat.messages.length).toBe(before);
  });

  it('refuses an address outside the project outboundHosts: the chat service sees nothing', async () => {
    const before = chat.messages.length;
    const result = await dispatchAlert({
      ...input('error', [
        { name: 'all', severity: 'info', providerRef: { name: 'slack' } },
      ]),
      policy: projectOutboundPolicy(
        testProject({ name: 'team-a', outboundHosts: ['hooks.slack.com'] }),
      ),
    });
    expect(result).toEqual([
      {
        name: 'all',
        ok: false,
        misconfigured: true,
        error: `URL host ${
          new URL(chat.url).host
        } is not in the outboundHosts of project 'team-a'`,
      },
    ]);
    expect(chat.messages.length).toBe(before);
  });
});
