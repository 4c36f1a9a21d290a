import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { HttpDrain } from './http-drain';

/** A plain HTTP server with a drain; `/slow` answers after 300 ms, `/hang` never, `/stream` in two parts. */
async function serve(): Promise<{ server: Server; drain: HttpDrain; url: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
    else if (req.url === '/hang') return;
    else if (req.url === '/stream') {
      res.write('part 1;');
      setTimeout(() => res.end('part 2'), 300);
    } else res.end('ok');
  });
  const drain = new HttpDrain(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, drain, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

interface Answer {
  status?: number;
  connection?: string;
  body?: string;
  error?: string;
  socketClosed: Promise<void>;
}

function get(url: string, path: string, agent: Agent, onHeaders?: () => void): Promise<Answer> {
  return new Promise((resolve) => {
    let socketClosed: Promise<void> = Promise.resolve();
    const req = request(`${url}${path}`, { agent }, (res) => {
      onHeaders?.();
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body, socketClosed }));
    });
    req.on('socket', (s) => (socketClosed = new Promise((r) => s.once('close', () => r()))));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, socketClosed }));
    req.end();
  });
}

const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 1 });
const connections = (server: Server) => new Promise<number>((r) => server.getConnections((_e, n) => r(n)));

describe('HttpDrain', () => {
  it('once draining, closes idle keep-alive connections and answers every response with Connection: close', async () => {
    const { server, drain, url } = await serve();
    const agent = keepAlive();
    const before = await get(url, '/', agent);
    expect(before.connection).toBe('keep-alive');
    drain.start();
    await before.socketClosed; // the idle kept-alive socket was closed by the server
    const during = await get(url, '/', agent);
    expect(during).toMatchObject({ status: 200, connection: 'close' });
    await during.socketClosed;
    expect(await connections(server)).toBe(0);
    await drain.close(1000);
    agent.destroy();
  });

  it('refuses new connections after close(), and lets a request in flight finish', async () => {
    const { drain, url } = await serve();
    const slow = get(url, '/slow', keepAlive());
    await new Promise((r) => setTimeout(r, 50));
    const closing = drain.close(5000);
    expect((await get(url, '/', keepAlive())).error).toBe('ECONNREFUSED');
    expect(await slow).toMatchObject({ status: 200, body: 'slow', connection: 'close' });
    expect(await closing).toMatchObject({ forcedConnections: 0 });
  });

  it('ends the keep-alive socket of a response that started before the drain, once it is complete', async () => {
    const { server, drain, url } = await serve();
    let headers!: () => void;
    const started = new Promise<void>((r) => (headers = r));
    const streaming = get(url, '/stream', keepAlive(), headers);
    await started;
    drain.start();
    const answer = await streaming;
    expect(answer).toMatchObject({ status: 200, body: 'part 1;part 2', connection: 'keep-alive' });
    await answer.socketClosed;
    expect(await connections(server)).toBe(0);
    await drain.close(1000);
  });

  it('closes the connections still busy when the grace period ends', async () => {
    const { drain, url } = await serve();
    const hanging = get(url, '/hang', keepAlive());
    await new Promise((r) => setTimeout(r, 50));
    const began = Date.now();
    expect(await drain.close(300)).toMatchObject({ forcedConnections: 1 });
    expect(Date.now() - began).toBeLessThan(2000);
    expect((await hanging).error).toBe('ECONNRESET');
  });
});
