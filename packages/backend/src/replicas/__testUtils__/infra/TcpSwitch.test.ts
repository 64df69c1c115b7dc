import http from 'node:http';
import { AddressInfo } from 'node:net';
import { TcpSwitch } from './TcpSwitch';

describe('TcpSwitch', () => {
  let server: http.Server;
  let proxy: TcpSwitch;

  beforeEach(async () => {
    server = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    proxy = await TcpSwitch.start({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
    });
  });

  afterEach(async () => {
    await proxy.off();
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const get = () =>
    fetch(`http://127.0.0.1:${proxy.port}/`).then(res => res.text());

  it('forwards connections while on, refuses them while off, and forwards again on the same port', async () => {
    const port = proxy.port;
    await expect(get()).resolves.toBe('hello');

    await proxy.off();
    expect(proxy.isOn).toBe(false);
    await expect(get()).rejects.toMatchObject({
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });

    await proxy.on();
    expect(proxy.port).toBe(port);
    await expect(get()).resolves.toBe('hello');
  });

  it('cuts the connections open when it goes off', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const request = () =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ port: proxy.port, host: '127.0.0.1', agent }, res => {
            let body = '';
            res.on('data', chunk => (body += chunk));
            res.on('end', () => resolve(body));
          })
          .on('error', reject);
      });
    await expect(request()).resolves.toBe('hello');
    const [socket] = Object.values(agent.freeSockets).flat();
    const closed = new Promise(resolve => socket!.once('close', resolve));

    await proxy.off();
    await closed;
    agent.destroy();
  });
});
