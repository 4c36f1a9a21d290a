import { Agent, request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';

/** What one client sends; `n` counts that client's requests from 0. */
export type RequestPlan = (client: number, n: number) => { method?: string; path: string; headers?: Record<string, string>; body?: unknown };

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Concurrent clients; each has an agent of its own, so at most one socket at a time. */
  clients: number;
  request: RequestPlan;
  /** Pause between one client's requests (1000: one request per second per socket); default 0. */
  intervalMs?: number;
  /** Reuse sockets between requests (default true). */
  keepAlive?: boolean;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Stop each client after this many requests (default: until stop()). */
  maxRequestsPerClient?: number;
  /** Pause after a request that got no response (refused, reset), so a client does not spin; default 100 ms. */
  pauseAfterFailureMs?: number;
}

/**
 * Every request's fate. `outcome`:
 * - `response`: status and the whole body received;
 * - `no-response`: failed before any response byte (refused, or reset before the server answered);
 * - `mid-response`: the status line came and then the connection broke (a response cut short).
 */
export interface RequestRecord {
  client: number;
  /** Sent as X-Request-Id, so the app's log lines can be matched. */
  id: string;
  method: string;
  path: string;
  /** The socket it went on, numbered per load run (a new number = a new connection). */
  socket: number;
  reusedSocket: boolean;
  startedAt: number;
  endedAt: number;
  outcome: 'response' | 'no-response' | 'mid-response';
  status?: number;
  /** The response's Connection header ("close" when the server ends the connection after it). */
  connection?: string;
  /** The response's Content-Type and Retry-After headers. */
  contentType?: string;
  retryAfter?: string;
  error?: string;
  body?: string;
}

export interface LoadRun {
  readonly records: RequestRecord[];
  /** Lets every client finish its current request, then resolves with the summary. */
  stop(): Promise<LoadReport>;
  /** Resolves when every client has sent `maxRequestsPerClient` requests. */
  readonly done: Promise<LoadReport>;
}

export interface LoadReport {
  requests: number;
  byStatus: Record<string, number>;
  byError: Record<string, number>;
  noResponse: number;
  midResponse: number;
  records: RequestRecord[];
}

/**
 * A bounded load generator: `clients` loops, each sending one request at a time (then waiting
 * `intervalMs`), recording every request's outcome. Nothing is retried: a failure is a figure.
 */
export function startLoad(options: LoadOptions): LoadRun {
  const records: RequestRecord[] = [];
  let stopping = false;
  const socketIds = new WeakMap<object, number>();
  let sockets = 0;
  const runClient = async (client: number) => {
    const agent = new Agent({ keepAlive: options.keepAlive ?? true, maxSockets: 1 });
    try {
      for (let n = 0; !stopping && n < (options.maxRequestsPerClient ?? Infinity); n++) {
        const record = await send(options, agent, client, n, (s) => socketIds.get(s) ?? (socketIds.set(s, ++sockets), sockets));
        records.push(record);
        const pause = record.outcome === 'response' ? (options.intervalMs ?? 0) : Math.max(options.intervalMs ?? 0, options.pauseAfterFailureMs ?? 100);
        if (pause && !stopping) await new Promise((r) => setTimeout(r, pause));
      }
    } finally {
      agent.destroy();
    }
  };
  const all = Promise.all(Array.from({ length: options.clients }, (_, i) => runClient(i))).then(() => summarize(records));
  return {
    records,
    done: all,
    stop: () => {
      stopping = true;
      return all;
    },
  };
}

function send(options: LoadOptions, agent: Agent, client: number, n: number, socketId: (s: object) => number): Promise<RequestRecord> {
  const plan = options.request(client, n);
  const id = `load-${client}-${n}-${randomBytes(3).toString('hex')}`;
  const body = plan.body === undefined ? undefined : JSON.stringify(plan.body);
  const record: RequestRecord = {
    client,
    id,
    method: plan.method ?? 'GET',
    path: plan.path,
    socket: 0,
    reusedSocket: false,
    startedAt: Date.now(),
    endedAt: 0,
    outcome: 'no-response',
  };
  return new Promise((resolve) => {
    const finish = (outcome: RequestRecord['outcome'], error?: Error) => {
      if (record.endedAt) return;
      record.endedAt = Date.now();
      record.outcome = outcome;
      if (error) record.error = (error as NodeJS.ErrnoException).code ?? error.message;
      resolve(record);
    };
    const req = httpRequest(
      new URL(plan.path, options.url),
      {
        method: record.method,
        agent,
        timeout: options.timeoutMs ?? 10_000,
        headers: {
          'x-request-id': id,
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...plan.headers,
        },
      },
      (res) => {
        record.status = res.statusCode;
        record.connection = res.headers.connection;
        record.contentType = res.headers['content-type'];
        record.retryAfter = res.headers['retry-after'];
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          record.body = text;
          finish('response');
        });
        res.on('aborted', () => finish('mid-response', new Error('aborted')));
        res.on('error', (error) => finish('mid-response', error));
      },
    );
    req.on('socket', (socket) => {
      record.socket = socketId(socket);
      record.reusedSocket = req.reusedSocket;
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => finish(record.status === undefined ? 'no-response' : 'mid-response', error));
    req.end(body);
  });
}

export function summarize(records: RequestRecord[]): LoadReport {
  const count = (key: (r: RequestRecord) => string | undefined) =>
    records.reduce<Record<string, number>>((acc, r) => {
      const k = key(r);
      if (k !== undefined) acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  return {
    requests: records.length,
    byStatus: count((r) => (r.status === undefined ? undefined : String(r.status))),
    byError: count((r) => r.error),
    noResponse: records.filter((r) => r.outcome === 'no-response').length,
    midResponse: records.filter((r) => r.outcome === 'mid-response').length,
    records,
  };
}
