import { ChatFake, startChatFake } from '@internal/test-env';
import type { RolloutAlert } from '@slipway/plugin-gitops-node';
import { projectOutboundPolicy } from '../../outbound';
import { testProject } from '../../__testUtils__/testProject';
import { DingTalkAlertProvider } from './DingTalkAlertProvider';
import { DiscordAlertProvider } from './DiscordAlertProvider';
import { GChatAlertProvider } from './GChatAlertProvider';
import { GenericAlertProvider } from './GenericAlertProvider';
import { MSTeamsAlertProvider } from './MSTeamsAlertProvider';
import { RocketAlertProvider } from './RocketAlertProvider';
import { SlackAlertProvider } from './SlackAlertProvider';

const failed: RolloutAlert = {
  severity: 'error',
  target: 'podinfo.test',
  cluster: 'prod-eu',
  message: 'Failed checks threshold reached 2',
  fields: [
    { title: 'Target', value: 'Deployment/podinfo.test' },
    { title: 'Failed checks threshold', value: '2' },
  ],
};
const started: RolloutAlert = {
  ...failed,
  severity: 'info',
  message: 'New Deployment detected, initialization completed.',
};

const policy = projectOutboundPolicy(testProject());

describe('alert providers against the chat fakes', () => {
  let chat: ChatFake;
  beforeAll(async () => {
    chat = await startChatFake();
  });
  afterAll(() => chat.close());

  it('posts a Slack attachment with colour, target, text and the cluster field first', async () => {
    await new SlackAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/slack`,
      channel: 'deploys',
      token: 's3cret',
    });
    const [message] = chat.on('/slack').slice(-1);
    expect(message.status).toBe(200);
    expect(message.headers.authorization).toBe('Bearer s3cret');
    expect(message.body).toEqual({
      channel: 'deploys',
      username: 'flagger',
      icon_emoji: ':rocket:',
      attachments: [
        {
          color: 'danger',
          author_name: 'podinfo.test',
          text: 'Failed checks threshold reached 2',
          mrkdwn_in: ['text'],
          fields: [
            { title: 'Cluster', value: 'prod-eu', short: false },
            { title: 'Target', value: 'Deployment/podinfo.test', short: false },
            { title: 'Failed checks threshold', value: '2', short: false },
          ],
        },
      ],
    });
    await new SlackAlertProvider().send(started, {
      policy,
      address: `${chat.url}/slack`,
    });
    const last = chat.on('/slack').at(-1)!;
    expect(last.body).toMatchObject({
      channel: 'general',
      attachments: [{ color: 'good' }],
    });
    expect(last.headers.authorization).toBeUndefined();
  });

  it("sends Discord the Slack message on the webhook's /slack endpoint", async () => {
    await new DiscordAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/discord`,
    });
    await new DiscordAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/discord/slack`,
    });
    expect(chat.on('/discord/slack').map(m => m.status)).toEqual([200, 200]);
    expect(chat.on('/discord/slack')[0].body).toMatchObject({
      attachments: [{ author_name: 'podinfo.test' }],
    });
  });

  it('gives Rocket.Chat hex colours', async () => {
    await new RocketAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/rocket`,
    });
    await new RocketAlertProvider().send(started, {
      policy,
      address: `${chat.url}/rocket`,
    });
    expect(
      chat.on('/rocket').map(m => (m.body as any).attachments[0].color),
    ).toEqual(['#FF0000', '#0076D7']);
  });

  it('posts a Teams MessageCard', async () => {
    await new MSTeamsAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/msteams`,
    });
    const [message] = chat.on('/msteams');
    expect(message.status).toBe(200);
    expect(message.body).toEqual({
      '@type': 'MessageCard',
      '@context': 'http://schema.org/extensions',
      themeColor: 'FF0000',
      summary: 'podinfo.test',
      sections: [
        {
          activityTitle: 'Failed checks threshold reached 2',
          activitySubtitle: 'podinfo.test',
          facts: [
            { name: 'Cluster', value: 'prod-eu' },
            { name: 'Target', value: 'Deployment/podinfo.test' },
            { name: 'Failed checks threshold', value: '2' },
          ],
        },
      ],
    });
  });

  it('posts a Google Chat card', async () => {
    await new GChatAlertProvider().send(started, {
      policy,
      address: `${chat.url}/gchat`,
    });
    const [message] = chat.on('/gchat');
    expect(message.status).toBe(200);
    expect(message.body).toMatchObject({
      cards: [
        {
          header: { title: 'Flagger', subtitle: 'podinfo.test' },
          sections: [
            {
              widgets: [
                {
                  textParagraph: {
                    text: 'New Deployment detected, initialization completed.',
                  },
                },
              ],
            },
            {
              widgets: expect.arrayContaining([
                {
                  keyValue: {
                    topLabel: 'Cluster',
                    content: 'prod-eu',
                    contentMultiline: 'true',
                  },
                },
              ]),
            },
          ],
        },
      ],
    });
  });

  it('posts a DingTalk markdown message', async () => {
    await new DingTalkAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/dingtalk`,
    });
    const [message] = chat.on('/dingtalk');
    expect(message.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: 'podinfo.test: Failed checks threshold reached 2',
        text: [
          '#### ❌ podinfo.test',
          '',
          'Failed checks threshold reached 2',
          '',
          '- **Cluster**: prod-eu',
          '- **Target**: Deployment/podinfo.test',
          '- **Failed checks threshold**: 2',
        ].join('\n'),
      },
    });
  });

  it("fails on DingTalk's errcode although the status is 200", async () => {
    chat.failNext(
      200,
      JSON.stringify({ errcode: 310000, errmsg: 'keywords not in content' }),
    );
    await expect(
      new DingTalkAlertProvider().send(failed, {
        policy,
        address: `${chat.url}/dingtalk`,
      }),
    ).rejects.toThrow(
      'dingtalk answered errcode 310000: keywords not in content',
    );
  });

  it('posts the alert itself to a generic endpoint', async () => {
    await new GenericAlertProvider().send(failed, {
      policy,
      address: `${chat.url}/generic`,
      token: 't',
    });
    const [message] = chat.on('/generic');
    expect(message.body).toEqual({
      severity: 'error',
      target: 'podinfo.test',
      cluster: 'prod-eu',
      message: 'Failed checks threshold reached 2',
      fields: failed.fields,
    });
    expect(message.headers.authorization).toBe('Bearer t');
  });

  it("throws with the status and the service's answer on a non-2xx status", async () => {
    await expect(
      new MSTeamsAlertProvider().send(failed, {
        policy,
        address: `${chat.url}/slack`,
      }),
    ).rejects.toThrow('msteams answered 400: no_text');
    await expect(
      new SlackAlertProvider().send(failed, {
        policy,
        address: `${chat.url}/msteams`,
      }),
    ).rejects.toThrow(
      'slack answered 400: Bad payload received by generic incoming webhook.',
    );
    chat.failNext(429, 'rate_limited');
    await expect(
      new SlackAlertProvider().send(failed, {
        policy,
        address: `${chat.url}/slack`,
      }),
    ).rejects.toThrow('slack answered 429: rate_limited');
    await expect(
      new GChatAlertProvider().send(failed, {
        policy,
        address: `${chat.url}/nowhere`,
      }),
    ).rejects.toThrow('gchat answered 404: no such webhook');
  });

  it('names an unreachable address', async () => {
    await expect(
      new SlackAlertProvider().send(failed, {
        policy,
        address: 'http://127.0.0.1:1/slack',
      }),
    ).rejects.toThrow(
      'POST http://127.0.0.1:1/slack failed: connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('sends nothing without an outbound policy', async () => {
    const before = chat.messages.length;
    await expect(
      new SlackAlertProvider().send(failed, { address: `${chat.url}/slack` }),
    ).rejects.toThrow(
      'slack alert refused: no outbound policy was given for it',
    );
    expect(chat.messages.length).toBe(before);
  });
});
