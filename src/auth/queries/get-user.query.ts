import { Query } from '@nestjs/cqrs';
import type { User } from '../entities/user.entity';
export class GetUserQuery extends Query<User> {
  constructor(readonly userId: string) {
    super();
  }
}
