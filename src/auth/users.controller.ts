import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Roles } from '../common/auth/roles.decorator';
import { ValidationError } from '../common/errors/domain-error';
import { Page, PageQuery } from '../common/pagination';
import { UpdateUserCommand } from './commands/update-user.command';
import { UpdateUserRequest } from './dto/auth.requests';
import { toUserResponse, UserPageResponse, UserResponse } from './dto/user.response';
import { GetUserQuery } from './queries/get-user.query';
import { ListUsersQuery } from './queries/list-users.query';

@ApiTags('users')
@ApiBearerAuth('bearer')
@ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
@ApiForbiddenResponse({ description: 'Admins only.' })
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'All users, by email, cursor-paged',
    description: 'Admin only. Keyset-paged by email: `limit` (1–100) and the `nextCursor` of the previous page.',
  })
  @ApiOkResponse({ type: UserPageResponse })
  listUsers(@Query() page: PageQuery): Promise<Page<UserResponse>> {
    return this.queries.execute(new ListUsersQuery(page.limit, page.cursor));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One user',
    description: "Admin only. The user's `version` is sent as `ETag` for a later `PATCH` with `If-Match`.",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  async getUser(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]) }))
    id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const user = await this.queries.execute(new GetUserQuery(id));
    res.setHeader('ETag', `"${user.version}"`);
    return toUserResponse(user);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change a user's role or deactivate/reactivate them (a deactivated user's tokens stop working at once)",
    description:
      "Admin only. `If-Match` with the user's ETag guards against lost updates (412 when stale). An admin cannot deactivate or demote themself (409), and the last active admin can be neither deactivated nor demoted (409 `last-active-admin`; checked under a lock, so two admins removing each other at once cannot both succeed). Deactivation ends all of the user's sessions.",
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 when stale.' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse()
  @ApiPreconditionFailedResponse()
  @ApiConflictResponse({ description: 'An admin cannot deactivate or demote their own account, nor the last active admin.' })
  async updateUser(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field: 'id', message: 'must be a UUID' }]) }))
    id: string,
    @Body() body: UpdateUserRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const user = await this.commands.execute(new UpdateUserCommand(actor, id, body, ifMatch));
    res.setHeader('ETag', `"${user.version}"`);
    return toUserResponse(user);
  }
}
