import { Query } from '@nestjs/cqrs';
import type { StatusOptionsView } from './get-status-options.handler';
export class GetStatusOptionsQuery extends Query<StatusOptionsView> {}
