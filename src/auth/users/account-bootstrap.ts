import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { normalizeEmail } from '../domain/credentials';
import { User } from '../entities/user.entity';
import { PasswordHasher } from './password-hasher';

export const DEMO_CUSTOMER = { email: 'customer@example.com', password: 'customer12345', name: 'Demo Customer' } as const;

/**
 * At start-up: the admin from ADMIN_EMAIL / ADMIN_PASSWORD exists, is active, is an admin and has
 * that password (created or updated). With SEED_DEMO_DATA, a demo customer exists too.
 * Safe when several instances start at once (upserts on the unique email).
 */
@Injectable()
export class AccountBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AccountBootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Each costs a password hash or verification at most: side by side, not one after the other.
    await Promise.all([this.ensureAdmin(), this.config.seedDemoData ? this.ensureDemoCustomer() : undefined]);
  }

  private async ensureAdmin(): Promise<void> {
    const email = normalizeEmail(this.config.adminEmail);
    const existing = await this.dataSource.getRepository(User).findOneBy({ email });
    if (
      existing &&
      existing.role === 'admin' &&
      existing.active &&
      (await this.hasher.verify(existing.passwordHash, this.config.adminPassword))
    )
      return;
    const passwordHash = await this.hasher.hash(this.config.adminPassword);
    await this.dataSource.query(
      `INSERT INTO "users" ("email", "name", "passwordHash", "role", "active", "emailVerifiedAt") VALUES ($1, 'Administrator', $2, 'admin', true, now())
       ON CONFLICT ((lower("email"))) DO UPDATE
         SET "passwordHash" = EXCLUDED."passwordHash", "role" = 'admin', "active" = true,
             "version" = "users"."version" + 1, "updatedAt" = now()`,
      [email, passwordHash],
    );
    this.logger.log(`admin account ${email} ${existing ? 'updated' : 'created'}`);
  }

  private async ensureDemoCustomer(): Promise<void> {
    // Present already (every start but the first): no password to hash.
    const found = await this.dataSource.query<unknown[]>(`SELECT 1 FROM "users" WHERE lower("email") = lower($1)`, [
      DEMO_CUSTOMER.email,
    ]);
    if (found.length > 0) return;
    const passwordHash = await this.hasher.hash(DEMO_CUSTOMER.password);
    await this.dataSource.query(
      `INSERT INTO "users" ("email", "name", "passwordHash", "role", "emailVerifiedAt") VALUES ($1, $2, $3, 'customer', now()) ON CONFLICT ((lower("email"))) DO NOTHING`,
      [DEMO_CUSTOMER.email, DEMO_CUSTOMER.name, passwordHash],
    );
  }
}
