import http, { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer } from './loopbackServer';

/** One message a chat fake accepted or refused. */
export interface ChatMessage {
  /** `/slack`, `/msteams`, `/discord/slack`, `/rocket`, `/gchat`, `/dingtalk` or `/generic`. */
  path: string;
  /** Parsed JSON, or the raw text when it was not JSON. */
  body: unknown;
  headers: http.IncomingHttpHeaders;
  status: number;
}

export interface ChatFake {
  url: string;
  /** Every message received, refused ones included, in arrival order. */
  messages: ChatMessage[];
  /** Messages received on one path. */
  on(path: string): ChatMessage[];
  /** Makes the next call, on any path, answer `status` with `body`. */
  failNext(status: number, body?: string): void;
  close(): Promise<void>;
}

type Answer = [status: number, body: string, contentType?: string];
type Validator = (body: any) => Answer;

const JSON_TYPE = 'application/json';

const slackLike: Validator = body => {
  const hasAttachments =
    Array.isArray(body?.attachments) && body.attachments.length > 0;
  if (!body?.text && !hasAttachments) return [400, 'no_text'];
  return [200, 'ok'];
};

/** Teams' legacy connectors refuse cards without a schema; they answer "1" on success. */
const msteams: Validator = body => {
  if (body?.['@type'] !== 'MessageCard' || !body?.['@context']) {
    return [400, 'Bad payload received by generic incoming webhook.'];
  }
  if (!body.summary && !body.text) {
    return [400, 'Summary or Text is required.'];
  }
  return [200, '1'];
};

const gchat: Validator = body => {
  const hasCards =
    (Array.isArray(body?.cards) && body.cards.length > 0) ||
    (Array.isArray(body?.cardsV2) && body.cardsV2.length > 0);
  if (!body?.text && !hasCards) {
    return [
      400,
      JSON.stringify({
        error: {
          code: 400,
          message:
            'Invalid JSON payload received. Message cannot be empty. Discarded empty message.',
          status: 'INVALID_ARGUMENT',
        },
      }),
      JSON_TYPE,
    ];
  }
  return [200, JSON.stringify({ name: 'spaces/AAA/messages/1' }), JSON_TYPE];
};

/** DingTalk robots answer 200 either way and report refusals in `errcode`. */
const DINGTALK_TYPES = ['text', 'markdown', 'link', 'actionCard', 'feedCard'];
const dingtalk: Validator = body => {
  const refuse = (errmsg: string): Answer => [
    200,
    JSON.stringify({ errcode: 300001, errmsg }),
    JSON_TYPE,
  ];
  if (!DINGTALK_TYPES.includes(body?.msgtype)) {
    return refuse(`param error: invalid msgtype ${body?.msgtype}`);
  }
  const content = body[body.msgtype];
  if (body.msgtype === 'markdown' && (!content?.title || !content?.text)) {
    return refuse('param error: markdown needs title and text');
  }
  return [200, JSON.stringify({ errcode: 0, errmsg: 'ok' }), JSON_TYPE];
};

const VALIDATORS: Record<string, Validator> = {
  '/slack': slackLike,
  '/discord/slack': slackLike,
  '/rocket': slackLike,
  '/msteams': msteams,
  '/gchat': gchat,
  '/dingtalk': dingtalk,
  '/generic': () => [200, ''],
};

/** How each service refuses a body that is not JSON. */
function notJson(path: string): Answer {
  if (path === '/slack' || path === '/discord/slack' || path === '/rocket') {
    return [400, 'invalid_payload'];
  }
  if (path === '/gchat') {
    return [
      400,
      JSON.stringify({
        error: {
          code: 400,
          message: 'Invalid JSON payload received.',
          status: 'INVALID_ARGUMENT',
        },
      }),
      JSON_TYPE,
    ];
  }
  if (path === '/dingtalk') {
    return [
      200,
      JSON.stringify({ errcode: 40035, errmsg: 'missing json' }),
      JSON_TYPE,
    ];
  }
  return [400, 'invalid JSON'];
}

/**
 * One HTTP server on 127.0.0.1 standing in for the chat services Slipway
 * alerts (we cannot run Slack here): a path per service, each validating a
 * message as the real service does and recording it.
 */
export async function startChatFake(): Promise<ChatFake> {
  const messages: ChatMessage[] = [];
  const failures: Array<[number, string]> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let body: unknown = text;
    let parsed = false;
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      // Left as text; each service answers that its own way.
    }

    const validator = VALIDATORS[path];
    let answer: Answer;
    const failure = failures.shift();
    if (failure) answer = [failure[0], failure[1]];
    else if (req.method !== 'POST') answer = [405, 'method not allowed'];
    else if (!validator) answer = [404, 'no such webhook'];
    else if (!parsed) answer = notJson(path);
    else answer = validator(body);

    const [status, reply, contentType = 'text/plain; charset=utf-8'] = answer;
    messages.push({ path, body, headers: req.headers, status });
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(reply);
  };

  const server = await startLoopbackServer(handle);

  return {
    url: server.url,
    messages,
    on: path => messages.filter(m => m.path === path),
    failNext(status, body = '') {
      failures.push([status, body]);
    },
    close: server.close,
  };
}
