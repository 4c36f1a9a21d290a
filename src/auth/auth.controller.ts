import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Public } from '../common/auth/public.decorator';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LogInTestIdentityCommand } from './commands/log-in-test-identity.command';
import { LogInCommand } from './commands/log-in.command';
import type { SignedIn } from './commands/log-in.handler';
import { LogOutCommand } from './commands/log-out.command';
import { RefreshTokensCommand } from './commands/refresh-tokens.command';
import { RegisterUserCommand } from './commands/register-user.command';
import { LoginRequest, RefreshTokenRequest, RegisterRequest, TestLoginRequest } from './dto/auth.requests';
import { TestLoginResponse, TokenPairResponse } from './dto/token-pair.response';
import { toUserResponse, UserResponse } from './dto/user.response';
import { GetUserQuery } from './queries/get-user.query';
import { ChangePasswordCommand } from './commands/change-password.command';
import { UpdateProfileCommand } from './commands/update-profile.command';
import { ChangePasswordRequest, UpdateProfileRequest } from './dto/account.requests';

const toTokenPair = (s: SignedIn): TokenPairResponse => ({
  accessToken: s.accessToken,
  refreshToken: s.refreshToken,
  tokenType: 'Bearer',
  expiresIn: s.expiresIn,
  user: toUserResponse(s.user),
});

const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create a customer account (the role is always customer)', description: 'Registers a customer: email (unique, case-insensitive), a password of 8–128 characters and a name. A `role` field is rejected. Answers 201 with the user and `Location`; 409 when the email is taken; 429 after too many attempts per IP and email (see `Retry-After`). Public.' })
  @ApiCreatedResponse({ type: UserResponse, description: '`Location: /api/v1/users/{id}`' })
  @ApiConflictResponse({ description: 'An account with this email already exists.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this IP + email; see `Retry-After`.' })
  async registerUser(@Body() body: RegisterRequest, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<UserResponse> {
    const user = await this.commands.execute(new RegisterUserCommand(body.email, body.password, body.name, clientIp(req)));
    res.location(`/api/v1/users/${user.id}`).setHeader('ETag', `"${user.version}"`);
    return toUserResponse(user);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for an access and a refresh token', description: 'Starts a session. A wrong password, an unknown email and a deactivated account all answer the same 401. After `LOGIN_MAX_FAILURES` failures per IP and email within the window, 429 with `Retry-After`, even for the right password. Public.' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiUnauthorizedResponse({ description: 'One generic answer for any wrong credential or deactivated account.' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this IP + email; see `Retry-After`.' })
  async logIn(@Body() body: LoginRequest, @Req() req: Request): Promise<TokenPairResponse> {
    return toTokenPair(await this.commands.execute(new LogInCommand(body.email, body.password, clientIp(req))));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate: a new pair for a refresh token, which stops working; reusing a rotated token revokes its family', description: 'Refresh tokens are single use. Presenting one that was already rotated is treated as theft: the whole session (its token family) is revoked and the call answers 401. Public: the refresh token is the credential.' })
  @ApiOkResponse({ type: TokenPairResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, rotated or revoked refresh token.' })
  async refreshTokens(@Body() body: RefreshTokenRequest): Promise<TokenPairResponse> {
    return toTokenPair(await this.commands.execute(new RefreshTokensCommand(body.refreshToken)));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: "Revoke the refresh token's family and the access token used for this call", description: 'Ends the session: the given refresh token\'s family and the calling access token stop working at once (the access token\'s id is denied until it expires). Answers 204.' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
  async logOut(@Body() body: RefreshTokenRequest, @CurrentUser() user: AuthUser): Promise<void> {
    await this.commands.execute(new LogOutCommand(user, body.refreshToken));
  }

  @Get('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'The current user', description: 'The caller\'s account as the server knows it now (role and active flag included), not as the token says.' })
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
  async getCurrentUser(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<UserResponse> {
    const found = await this.queries.execute(new GetUserQuery(user.id));
    res.setHeader('ETag', `"${found.version}"`);
    return toUserResponse(found);
  }

  @Patch('me')
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Change your name, or ask to change your email address',
    description:
      'A new `name` applies at once. A new `email` does not: it becomes `pendingEmail` and a verification mail with a single-use link (24 h) goes to that address; the address replaces the current one when verified (POST /auth/verify-email). Sending your current address cancels a pending change. 409 when another account uses the address. `If-Match` honoured.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 when stale.' })
  @ApiOkResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'Another account uses this email address.' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not match the current version.' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
  async updateCurrentUser(
    @Body() body: UpdateProfileRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const updated = await this.commands.execute(new UpdateProfileCommand(user.id, { name: body.name, email: body.email }, ifMatch));
    res.setHeader('ETag', `"${updated.version}"`);
    return toUserResponse(updated);
  }

  @Post('change-password')
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Change your password; every other session of yours ends',
    description:
      'Needs the current password (a wrong one → 400 with `errors: [{field: "currentPassword"}]`). Every other session of the user ends at once: their refresh tokens and access tokens answer 401 from the next request, on every instance. The calling session goes on. Outstanding password-reset links stop working and a notice is mailed. Answers 204.',
  })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiBadRequestResponse({ description: 'Invalid body, or `currentPassword` is wrong (`errors[0].field = "currentPassword"`).' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
  async changePassword(@Body() body: ChangePasswordRequest, @CurrentUser() user: AuthUser): Promise<void> {
    await this.commands.execute(new ChangePasswordCommand(user, body.currentPassword, body.newPassword));
  }

  @Public()
  @Post('login-test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tokens for a test identity (seed 001). Only when AUTH_TEST_LOGIN=true; 404 otherwise, never in production', description: 'For test environments: signs in as the user `customerId`, or creates a password-less test identity with the given `role`. The route answers 404 unless `AUTH_TEST_LOGIN=true`, which production refuses at start-up. Public.' })
  @ApiOkResponse({ type: TestLoginResponse })
  @ApiNotFoundResponse({ description: 'AUTH_TEST_LOGIN is not enabled.' })
  async logInTestIdentity(@Body() body: TestLoginRequest): Promise<TestLoginResponse> {
    // Indistinguishable from a route that does not exist.
    if (!this.config.authTestLogin) throw new NotFoundException();
    const signedIn = await this.commands.execute(new LogInTestIdentityCommand(body.customerId, body.role));
    return { ...toTokenPair(signedIn), customerId: signedIn.user.id };
  }
}
