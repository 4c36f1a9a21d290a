import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface DrainResult {
  /** Connections still busy when the grace period ended, closed with their request unfinished. */
  forcedConnections: number;
  durationMs: number;
}

/**
 * Ends an HTTP server's connections on shutdown, keep-alive ones included. `server.close()` alone
 * only stops accepting: a client that keeps sending requests on a kept-alive socket is served for
 * as long as it likes, and the process waits for it.
 *
 * - `start()` (at SIGTERM, while the load balancer may still route here): every response from now
 *   on carries `Connection: close`, so each socket ends after the response it is carrying, and idle
 *   keep-alive sockets are closed at once. Clients reconnect, and are routed elsewhere once the
 *   endpoint is gone.
 * - `close(graceMs)` (after SHUTDOWN_DELAY_MS): the listener closes (new connections are refused),
 *   requests in flight finish; whatever is still open when the grace period ends is destroyed.
 *
 * Closing an idle socket can race a request the client is just sending on it; such a request was
 * never started here, so the client may safely retry it elsewhere (what idempotent clients and
 * proxies do for a connection closed before any response byte).
 */
export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(private readonly server: Server) {
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.inFlight.delete(res);
        // A response whose headers went out before the drain began said keep-alive: end its socket now.
        if (this.draining) server.closeIdleConnections();
      });
    });
  }

  get isDraining(): boolean {
    return this.draining;
  }

  start(): void {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
    }
    this.server.closeIdleConnections();
  }

  async close(graceMs: number): Promise<DrainResult> {
    this.start();
    const began = Date.now();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => (timer = setTimeout(() => resolve('grace-over'), graceMs)));
    const outcome = await Promise.race([closed.then(() => 'closed' as const), graceOver]);
    clearTimeout(timer);
    let forcedConnections = 0;
    if (outcome === 'grace-over') {
      forcedConnections = await new Promise<number>((resolve) => this.server.getConnections((_error, count) => resolve(count ?? 0)));
      this.server.closeAllConnections();
      await closed;
    }
    return { forcedConnections, durationMs: Date.now() - began };
  }
}
