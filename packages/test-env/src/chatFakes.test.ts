import { ChatFake, startChatFake } from './chatFakes';

describe('startChatFake', () => {
  let chat: ChatFake;
  beforeAll(async () => {
    chat = await startChatFake();
  });
  afterAll(() => chat.close());

  const post = async (path: string, body: string) => {
    const response = await fetch(`${chat.url}${path}`, {
      method: 'POST',
      body,
    });
    return [response.status, await response.text()];
  };

  it('validates Slack-style messages as Slack does', async () => {
    expect(await post('/slack', 'not json')).toEqual([400, 'invalid_payload']);
    expect(await post('/discord/slack', '{"channel":"x"}')).toEqual([
      400,
      'no_text',
    ]);
    expect(await post('/slack', '{"text":"hi"}')).toEqual([200, 'ok']);
    expect(await post('/rocket', '{"attachments":[{"text":"hi"}]}')).toEqual([
      200,
      'ok',
    ]);
  });

  it('refuses Teams cards without @type and @context', async () => {
    expect(await post('/msteams', '{"summary":"x"}')).toEqual([
      400,
      'Bad payload received by generic incoming webhook.',
    ]);
    expect(
      await post(
        '/msteams',
        '{"@type":"MessageCard","@context":"http://schema.org/extensions","summary":"x"}',
      ),
    ).toEqual([200, '1']);
  });

  it('refuses empty Google Chat messages', async () => {
    const [status, body] = await post('/gchat', '{}');
    expect(status).toBe(400);
    expect(JSON.parse(body as string).error.message).toMatch(
      /^Invalid JSON payload/,
    );
    expect((await post('/gchat', '{"text":"hi"}'))[0]).toBe(200);
  });

  it('answers DingTalk refusals with 200 and an errcode', async () => {
    expect(await post('/dingtalk', '{"msgtype":"card"}')).toEqual([
      200,
      '{"errcode":300001,"errmsg":"param error: invalid msgtype card"}',
    ]);
    expect(
      await post(
        '/dingtalk',
        '{"msgtype":"markdown","markdown":{"title":"t","text":"x"}}',
      ),
    ).toEqual([200, '{"errcode":0,"errmsg":"ok"}']);
  });

  it('records every message and fails the next call on request', async () => {
    chat.failNext(503, 'busy');
    expect(await post('/generic', '{"a":1}')).toEqual([503, 'busy']);
    expect(await post('/generic', '{"a":2}')).toEqual([200, '']);
    expect(chat.on('/generic').map(m => [m.body, m.status])).toEqual([
      [{ a: 1 }, 503],
      [{ a: 2 }, 200],
    ]);
    expect((await post('/unknown', '{}'))[0]).toBe(404);
  });
});
