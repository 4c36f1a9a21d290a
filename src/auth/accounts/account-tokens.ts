import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hashRefreshToken, newRefreshToken } from '../domain/credentials';

export type AccountTokenPurpose = 'verify-email' | 'reset-password';

/** How long a mailed token works. */
export const ACCOUNT_TOKEN_TTL_MS: Record<AccountTokenPurpose, number> = {
  'verify-email': 24 * 3600 * 1000,
  'reset-password': 3600 * 1000,
};

export interface ConsumedToken {
  userId: string;
  /** The address the token was mailed to (for verification: the address it verifies). */
  email: string;
}

/**
 * The single-use tokens mailed for email verification and password reset: 256 random bits, kept
 * only as their SHA-256 (a stolen table holds nothing usable), valid for ACCOUNT_TOKEN_TTL_MS. Issuing
 * one retires the user's earlier unused tokens of the same purpose, so only the latest mail works.
 */
@Injectable()
export class AccountTokens {
  /** A new token, written in the caller's transaction; returns it in clear (for the mail only). */
  async issue(manager: EntityManager, userId: string, purpose: AccountTokenPurpose, email: string): Promise<string> {
    const token = newRefreshToken();
    await this.retire(manager, userId, purpose);
    await manager.query(
      `INSERT INTO "account_tokens" ("userId", "purpose", "tokenHash", "email", "expiresAt")
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')`,
      [userId, purpose, hashRefreshToken(token), email, ACCOUNT_TOKEN_TTL_MS[purpose]],
    );
    return token;
  }

  /**
   * Uses a token up, in one statement (two concurrent uses: one wins). Undefined when it is unknown,
   * of another purpose, used or expired — the caller answers all of these alike.
   */
  async consume(manager: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<ConsumedToken | undefined> {
    const [rows] = (await manager.query(
      `UPDATE "account_tokens" SET "usedAt" = now()
        WHERE "tokenHash" = $1 AND "purpose" = $2 AND "usedAt" IS NULL AND "expiresAt" > now()
        RETURNING "userId", "email"`,
      [hashRefreshToken(token), purpose],
    )) as [ConsumedToken[], number];
    return rows[0];
  }

  /** Every unused token of the user for `purpose` stops working. */
  async retire(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager.query(
      `UPDATE "account_tokens" SET "usedAt" = now() WHERE "userId" = $1 AND "purpose" = $2 AND "usedAt" IS NULL`,
      [userId, purpose],
    );
  }
}
