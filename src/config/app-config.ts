import { resolve } from 'node:path';
import { accountsConfig } from '../auth/accounts/accounts.config';
import { authConfig } from '../auth/auth.config';
import { eventsConfig } from '../events/events.config';
import { inventoryConfig } from '../inventory/inventory.config';
import { mailConfig } from '../mail/mail.config';
import { notificationsConfig } from '../notifications/notifications.config';
import { ordersConfig } from '../orders/orders.config';
import { paymentsConfig } from '../payments/payments.config';
import { webhooksConfig } from '../webhooks/webhooks.config';
import { ConfigContext, ConfigOf, NodeEnv, readVariables } from './config-slice';
import { coreConfig } from './core.config';
import { httpConfig } from './http.config';

export { ConfigError } from './config-slice';

/**
 * Every module's configuration slice, in the order their variables are validated. A new module adds
 * its slice here and to `AppConfig` below; the slice itself lives beside the module.
 */
const SLICES = [
  coreConfig,
  httpConfig,
  authConfig,
  eventsConfig,
  inventoryConfig,
  ordersConfig,
  webhooksConfig,
  mailConfig,
  accountsConfig,
  notificationsConfig,
  paymentsConfig,
] as const;

/** The one typed configuration object, injected with `@Inject(APP_CONFIG)`. */
export type AppConfig = ConfigOf<typeof coreConfig> &
  ConfigOf<typeof httpConfig> &
  ConfigOf<typeof authConfig> &
  ConfigOf<typeof eventsConfig> &
  ConfigOf<typeof inventoryConfig> &
  ConfigOf<typeof ordersConfig> &
  ConfigOf<typeof webhooksConfig> &
  ConfigOf<typeof mailConfig> &
  ConfigOf<typeof accountsConfig> &
  ConfigOf<typeof notificationsConfig> &
  ConfigOf<typeof paymentsConfig>;

/** The DI token of the typed configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Validates the environment (every slice's variables, first offending variable named in a
 * ConfigError) and builds the one typed configuration object.
 */
export function loadAppConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const variables = SLICES.map((slice) => readVariables(slice.variables as new () => object, raw));
  const context: ConfigContext = {
    env: (raw.NODE_ENV || 'development') as NodeEnv,
    dataDir: resolve(raw.DATA_DIR || './.data'),
    raw,
  };
  return Object.assign(
    {},
    ...SLICES.map((slice, i) => (slice.build as (v: object, c: ConfigContext) => object)(variables[i], context)),
  ) as AppConfig;
}
