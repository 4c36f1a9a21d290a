import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '../../common/pagination';
import { toUserResponse, UserResponse } from '../dto/user.response';
import { User } from '../entities/user.entity';
import { ListUsersQuery } from './list-users.query';

/** Users by email (unique, indexed), keyset-paged: a deep page costs what the first does. */
@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery, Page<UserResponse>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ limit, cursor }: ListUsersQuery): Promise<Page<UserResponse>> {
    const after = decodeCursor<[string]>(cursor, ['string']);
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u').orderBy('lower(u.email)', 'ASC').limit(limit + 1);
    if (after) qb.where('lower(u.email) > :email', { email: after[0] });
    const rows = await qb.getMany();
    return toPage(rows, limit, (u) => [u.email], toUserResponse);
  }
}
