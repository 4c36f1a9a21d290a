import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { RefreshTokenFamily } from '../entities/refresh-token-family.entity';
import { User } from '../entities/user.entity';
import { UpdateUserCommand } from './update-user.command';

/**
 * Admin change of a user's role or active flag. Deactivation also revokes every refresh-token
 * family; live access tokens die on their next request (the per-request session lookup).
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, User> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ actor, userId, changes, ifMatch }: UpdateUserCommand): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user');
      assertIfMatch(ifMatch, user.version);
      // An admin cannot lock themselves out (and the last admin out of the system) by mistake.
      if (user.id === actor.id && (changes.active === false || (changes.role && changes.role !== 'admin'))) {
        throw new ConflictError('You cannot deactivate or demote your own account.');
      }
      const deactivating = changes.active === false && user.active;
      if (changes.role !== undefined) user.role = changes.role;
      if (changes.active !== undefined) user.active = changes.active;
      const saved = await repo.save(user);
      if (deactivating) {
        await manager
          .getRepository(RefreshTokenFamily)
          .update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'deactivated' });
      }
      return saved;
    });
  }
}
