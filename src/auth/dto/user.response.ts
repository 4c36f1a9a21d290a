import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../common/auth/auth-user';
import type { User } from '../entities/user.entity';

/** A user as clients see it: never the password hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'alice@example.com' }) email: string;
  @ApiProperty({ example: 'Alice Martin' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The current `email` was verified by a mailed token.' }) emailVerified: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) emailVerifiedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A new address waiting for verification (PATCH /auth/me); null when none.' })
  pendingEmail: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty({ description: 'Version for ETag / If-Match.' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const toUserResponse = (user: User): UserResponse => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  active: user.active,
  emailVerified: user.emailVerifiedAt !== null,
  emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
  pendingEmail: user.pendingEmail,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  version: user.version,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
