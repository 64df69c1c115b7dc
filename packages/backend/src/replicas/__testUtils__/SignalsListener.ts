import { mockCredentials } from '@backstage/backend-test-utils';
import { waitUntil } from '@internal/test-env';

/** A message the signals backend pushed to the connection. */
export interface ReceivedSignal {
  channel: string;
  message: unknown;
  at: number;
}

/**
 * One portal tab's live-update connection to a replica: a WebSocket on
 * `/api/signals`, authenticated the way the signals frontend does it (the
 * token as the WebSocket protocol), subscribed to channels, recording what
 * arrives.
 */
export class SignalsListener {
  readonly received: ReceivedSignal[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', event => {
      const { channel, message } = JSON.parse(String(event.data));
      this.received.push({ channel, message, at: Date.now() });
    });
  }

  /**
   * Connects to a replica. The signals backend starts listening for upgrades
   * when the first one reaches its router, and that first one is never
   * answered (as the signals frontend finds, which reconnects): an attempt
   * that does not open within a few seconds is dropped and tried again,
   * until the deadline.
   */
  static async connect(
    baseUrl: string,
    timeoutMs = 30_000,
  ): Promise<SignalsListener> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
    const token = mockCredentials.user.token();
    const socket = await waitUntil(() => open(url, token), {
      description: `a signals connection to ${url}`,
      timeoutMs,
      intervalMs: 250,
      until: s => s !== undefined,
    });
    return new SignalsListener(socket!);
  }

  subscribe(channel: string) {
    this.socket.send(JSON.stringify({ action: 'subscribe', channel }));
  }

  /** The first message on `channel` received at or after `since`. */
  firstOn(channel: string, since: number): ReceivedSignal | undefined {
    return this.received.find(r => r.channel === channel && r.at >= since);
  }

  close() {
    this.socket.close();
  }
}

const ATTEMPT_MS = 3_000;

/** An open socket, or undefined when the attempt failed, closed or hung. */
function open(url: string, token: string): Promise<WebSocket | undefined> {
  return new Promise(resolve => {
    const socket = new WebSocket(url, token);
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, ATTEMPT_MS);
    const give = (value: WebSocket | undefined) => {
      clearTimeout(timer);
      if (!value) socket.close();
      resolve(value);
    };
    socket.addEventListener('open', () => give(socket), { once: true });
    socket.addEventListener('error', () => give(undefined), { once: true });
    socket.addEventListener('close', () => give(undefined), { once: true });
  });
}
