import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { isInternalAddress } from '../domain/address-policy';
import { WebhookUrlRefusedError } from '../domain/webhook.errors';

/**
 * The address policy of webhook URLs: http(s) only, and in production (unless
 * WEBHOOK_ALLOW_PRIVATE_URLS=true) no host that resolves to an internal address. Checked when an
 * endpoint is saved, and again by the sender on the address it actually connects to, so a DNS
 * record changed afterwards cannot point a delivery inside.
 */
@Injectable()
export class WebhookUrlGuard {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get privateAllowed(): boolean {
    return this.config.webhookAllowPrivateUrls;
  }

  async check(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookUrlRefusedError('must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookUrlRefusedError('must use http or https');
    if (url.username || url.password) throw new WebhookUrlRefusedError('must not carry credentials');
    if (this.privateAllowed) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: LookupAddress[];
    try {
      addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new WebhookUrlRefusedError(`host ${host} cannot be resolved`);
    }
    if (addresses.length === 0 || addresses.some((a) => isInternalAddress(a.address))) {
      throw new WebhookUrlRefusedError('resolves to a loopback, private or link-local address');
    }
  }
}
