import { Inject, Injectable } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isInternalAddress } from '../domain/address-policy';

export interface SignedMessage {
  /** The event id: `webhook-id`. */
  id: string;
  body: string;
}

/** What one attempt came to: a 2xx is success; `statusCode` is null when no answer came. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ERROR_LENGTH = 500;

/**
 * One HTTP attempt of a delivery, per the Standard Webhooks specification: headers `webhook-id`,
 * `webhook-timestamp` and `webhook-signature` (signed by the `standardwebhooks` package with the
 * endpoint's secret). The whole attempt — resolving, connecting, sending and the answer's head — is
 * bounded by WEBHOOK_TIMEOUT_MS. Redirects are not followed. Unless private URLs are allowed, the
 * address the socket connects to is checked after resolution (DNS rebinding cannot reach inside).
 */
@Injectable()
export class WebhookSender {
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  send(url: string, secret: string, message: SignedMessage): Promise<AttemptOutcome> {
    const started = performance.now();
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(message.id, timestamp, message.body);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'order-management-api-webhooks/1',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
      'content-length': String(Buffer.byteLength(message.body)),
    };
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const finish = (ok: boolean, statusCode: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ok, statusCode, error: error?.slice(0, MAX_ERROR_LENGTH) ?? null, durationMs: performance.now() - started });
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return finish(false, null, 'invalid URL');
      }
      const host = target.hostname.replace(/^\[|\]$/g, '');
      if (!this.config.webhookAllowPrivateUrls && isIP(host) && isInternalAddress(host)) {
        return finish(false, null, `refused: ${host} is an internal address`);
      }
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(target, {
        method: 'POST',
        headers,
        agent: secure ? this.agents.https : this.agents.http,
        lookup: this.config.webhookAllowPrivateUrls ? undefined : checkedLookup,
      });
      const timer = setTimeout(() => {
        request.destroy(new Error(`timed out after ${this.config.webhookTimeoutMs} ms`));
      }, this.config.webhookTimeoutMs);
      request.on('error', (error) => finish(false, null, error.message));
      request.on('response', (response) => {
        const code = response.statusCode ?? 0;
        const ok = code >= 200 && code < 300;
        // The body is not needed; drain it so the socket can be reused.
        response.resume();
        response.on('error', () => undefined);
        finish(ok, code, ok ? null : `HTTP ${code}`);
      });
      request.end(message.body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** `dns.lookup`, refusing internal addresses: the connection goes only to an address that was checked. */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const allowed = addresses.filter((a) => !isInternalAddress(a.address));
    if (allowed.length === 0 || allowed.length < addresses.length) {
      return callback(Object.assign(new Error(`refused: ${hostname} resolves to an internal address`), { code: 'EINTERNAL' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
};
