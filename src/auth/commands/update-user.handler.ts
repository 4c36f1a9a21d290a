import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { assertIfMatch } from '../../common/http/if-match';
import { assertAnAdminRemains, mayTakeAdminAway } from '../domain/last-admin';
import { User } from '../entities/user.entity';
import { Sessions } from '../sessions/sessions';
import { UpdateUserCommand } from './update-user.command';

/**
 * Admin change of a user's role or active flag. A new role applies from the user's next request;
 * deactivation ends every session of the user (refresh and access tokens), and reactivation
 * revives none of them.
 *
 * The last active admin can be neither demoted nor deactivated (409). Two admins removing each other
 * at once would each see the other still active, so a change that may take an admin away first
 * locks every active admin row (in id order, before the target's, so such changes queue instead of
 * deadlocking); a change that waited re-reads the rows as the one before it committed them.
 */
@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, User> {
  constructor(private readonly sessions: Sessions) {}

  async execute({ actor, userId, changes, ifMatch }: UpdateUserCommand): Promise<User> {
    return this.sessions.transaction(async (writer) => {
      const repo = writer.manager.getRepository(User);
      const activeAdmins = mayTakeAdminAway(changes) ? await this.lockActiveAdmins(writer.manager) : [];
      const user = await repo.findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user');
      assertIfMatch(ifMatch, user.version);
      assertAnAdminRemains(user, changes, activeAdmins);
      // Nor can an admin lock themselves out by mistake.
      if (user.id === actor.id && mayTakeAdminAway(changes))
        throw new ConflictError('You cannot deactivate or demote your own account.');
      const deactivating = changes.active === false && user.active;
      if (changes.role !== undefined) user.role = changes.role;
      if (changes.active !== undefined) user.active = changes.active;
      const saved = await repo.save(user);
      if (deactivating) await writer.endAllOf(user.id, 'deactivated');
      else writer.userChanged(user.id);
      return saved;
    });
  }

  /** Ids of the active admins, their rows locked until the transaction ends. */
  private async lockActiveAdmins(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT "id" FROM "users" WHERE "role" = 'admin' AND "active" ORDER BY "id" FOR UPDATE`,
    );
    return rows.map((row) => row.id);
  }
}
