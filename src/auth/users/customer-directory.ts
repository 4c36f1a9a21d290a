import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { User } from '../entities/user.entity';

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

  /** Where to write to a user (Notifications): their address and name; null for an unknown id. */
  async contactOf(userId: string): Promise<{ email: string; name: string } | null> {
    return this.dataSource.getRepository(User).findOne({ where: { id: userId }, select: { email: true, name: true } });
  }
}
