import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { User } from '../entities/user.entity';
import { Sessions } from '../sessions/sessions';
import { UpdateUserCommand } from './update-user.command';

/**
 * Admin change of a user's role or active flag. A new role applies from the user's next request;
 * deactivation ends every session of the user (refresh and access tokens), and reactivation
 * revives none of them.
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, User> {
  constructor(private readonly sessions: Sessions) {}

  async execute({ actor, userId, changes, ifMatch }: UpdateUserCommand): Promise<User> {
    return this.sessions.transaction(async (writer) => {
      const repo = writer.manager.getRepository(User);
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
      if (deactivating) await writer.endAllOf(user.id, 'deactivated');
      else writer.userChanged(user.id);
      return saved;
    });
  }
}
