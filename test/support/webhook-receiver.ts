import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; seq: number; type: string; aggregateId: string; occurredAt: string; actor: unknown; payload: Record<string, unknown> };
  at: number;
}

/** How the receiver answers the n-th request (1-based): a status, or 'hang' to never answer. */
export type Behaviour = (n: number, message: ReceivedWebhook) => number | 'hang' | Promise<number | 'hang'>;

/**
 * A real HTTP receiver on 127.0.0.1 (a free port) that records every request. Its behaviour can be
 * changed while it runs (fail twice, always fail, hang, answer slowly).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  behaviour: Behaviour = () => 204;
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;
  url = '';

  async start(path = '/hook'): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const message: ReceivedWebhook = { headers: req.headers, body, json: JSON.parse(body), at: Date.now() };
        this.received.push(message);
        void Promise.resolve(this.behaviour(this.received.length, message)).then((answer) => {
          if (answer === 'hang') {
            this.hanging.add(res);
            res.on('close', () => this.hanging.delete(res));
            return;
          }
          res.statusCode = answer;
          res.end();
        });
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((m) => m.json.type === type);
  }

  /** Distinct webhook ids received, and how many requests repeated one. */
  counts(): { unique: number; duplicates: number } {
    const ids = new Set(this.received.map((m) => String(m.headers['webhook-id'])));
    return { unique: ids.size, duplicates: this.received.length - ids.size };
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export async function startReceiver(path?: string): Promise<WebhookReceiver> {
  return new WebhookReceiver().start(path);
}
