import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Denylist of access tokens (by `jti`) logged out before their expiry, when Redis is not configured. */
@Entity('revoked_access_tokens')
export class RevokedAccessToken {
  @PrimaryColumn({ type: 'uuid' })
  jti: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
