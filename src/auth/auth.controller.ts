import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Patch, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiAcceptedResponse,
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
import { AcceptedResponse, ChangePasswordRequest, ForgotPasswordRequest, ResetPasswordRequest, UpdateProfileRequest, VerifyEmailRequest } from './dto/account.requests';
import { ForgotPasswordCommand } from './commands/forgot-password.command';
import { ResendVerificationCommand } from './commands/resend-verification.command';
import { ResetPasswordCommand } from './commands/reset-password.command';
import { VerifyEmailCommand } from './commands/verify-email.command';

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
  @ApiOperation({ summary: "End the session: its refresh tokens and every access token of it", description: 'Ends the session: every refresh token and every access token of it (not only the one presented) answer 401 from the next request, on every instance, before this answers 204.' })
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
  @Post('verify-email')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify an email address with the token from the verification mail',
    description:
      'The token is the `token` query parameter of the link mailed at registration, by `POST /auth/resend-verification` or for a new address (`PATCH /auth/me`). It works once and lives 24 h: unknown, used, superseded or expired → 400. Verifying a pending address makes it the account\'s address (409 if another account took it meanwhile). Answers the user with `emailVerified: true`. Public: the token is the credential.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Unknown, used, superseded or expired token (`errors[0].field = "token"`).' })
  @ApiConflictResponse({ description: 'The pending address was taken by another account meanwhile.' })
  async verifyEmail(@Body() body: VerifyEmailRequest, @Res({ passthrough: true }) res: Response): Promise<UserResponse> {
    const user = await this.commands.execute(new VerifyEmailCommand(body.token));
    res.setHeader('ETag', `"${user.version}"`);
    return toUserResponse(user);
  }

  @Post('resend-verification')
  @HttpCode(202)
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Mail a new verification link (earlier links stop working)',
    description:
      'To the pending address when an address change waits, otherwise to the account\'s address. 409 when the address is verified already and no change waits. At most `VERIFICATION_RESEND_MAX_PER_HOUR` (5) per account per hour, then 429 with `Retry-After`. Answers 202: the mail is sent after the answer.',
  })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiConflictResponse({ description: 'The address is already verified.' })
  @ApiTooManyRequestsResponse({ description: 'Too many verification mails for this account this hour; see `Retry-After`.' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token.' })
  async resendVerification(@CurrentUser() user: AuthUser): Promise<AcceptedResponse> {
    await this.commands.execute(new ResendVerificationCommand(user.id));
    return { status: 'accepted', detail: 'A new verification mail is on its way.' };
  }

  @Public()
  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Mail a password-reset link, if an account uses the address',
    description:
      'Answers 202 with the same body, in about the same time, whether or not an account uses the address (no enumeration); only an active account\'s address gets a mail, with a single-use link valid 1 h (`PUBLIC_URL/reset-password?token=…`). Rate limited per IP + email (`PASSWORD_RESET_MAX_REQUESTS` per `PASSWORD_RESET_WINDOW_SECONDS`): 429 with `Retry-After`. Public.',
  })
  @ApiAcceptedResponse({ type: AcceptedResponse })
  @ApiTooManyRequestsResponse({ description: 'Too many requests for this IP + email; see `Retry-After`.' })
  async forgotPassword(@Body() body: ForgotPasswordRequest, @Req() req: Request): Promise<AcceptedResponse> {
    await this.commands.execute(new ForgotPasswordCommand(body.email, clientIp(req)));
    return { status: 'accepted', detail: 'If an account uses this address, a mail with a link to reset its password is on its way.' };
  }

  @Public()
  @Post('reset-password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token from the password-reset mail; every session ends',
    description:
      'The token is the `token` query parameter of the mailed link; it works once and lives 1 h: unknown, used or expired → 400. Every session of the user ends (refresh and access tokens answer 401 from the next request); log in again with the new password. Answers 204. Public: the token is the credential.',
  })
  @ApiNoContentResponse({ description: 'The password was changed.' })
  @ApiBadRequestResponse({ description: 'Invalid body, or an unknown, used or expired token (`errors[0].field = "token"`).' })
  async resetPassword(@Body() body: ResetPasswordRequest): Promise<void> {
    await this.commands.execute(new ResetPasswordCommand(body.token, body.password));
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
