import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { User } from '../entities/user.entity';
import { preparedQuery } from '../../database/prepared-query';

/**
 * What other modules may ask Auth about its users (the Orders module: "may an admin place an order
 * for this customer?"), so that nobody else reads the users table.
 */
@Injectable()
export class CustomerDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /** True when `userId` is an active customer. Pass the caller's transaction manager to read within it. */
  async isActiveCustomer(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(User, { id: userId, active: true, role: 'customer' });
  }

  /** True when the user's current address is verified. */
  async hasVerifiedEmail(userId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(User, { id: userId, emailVerifiedAt: Not(IsNull()) });
  }

  /** Where to write to users (Notifications): their address and name by id, in one round trip; unknown ids are absent. */
  async contactsOf(userIds: readonly string[]): Promise<Map<string, { email: string; name: string }>> {
    const rows = await preparedQuery<{ id: string; email: string; name: string }>(
      this.dataSource.manager,
      `SELECT "id", "email", "name" FROM "users" WHERE "id" = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map(({ id, email, name }) => [id, { email, name }]));
  }
}
