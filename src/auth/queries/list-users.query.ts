import { Query } from '@nestjs/cqrs';
import type { Page } from '../../common/pagination';
import type { UserResponse } from '../dto/user.response';
export class ListUsersQuery extends Query<Page<UserResponse>> {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
