import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { LogInTestIdentityHandler } from './commands/log-in-test-identity.handler';
import { LogInHandler } from './commands/log-in.handler';
import { LogOutHandler } from './commands/log-out.handler';
import { RefreshTokensHandler } from './commands/refresh-tokens.handler';
import { RegisterUserHandler } from './commands/register-user.handler';
import { UpdateUserHandler } from './commands/update-user.handler';
import { AccountTokens } from './accounts/account-tokens';
import { ChangePasswordHandler } from './commands/change-password.handler';
import { UpdateProfileHandler } from './commands/update-profile.handler';
import { ForgotPasswordHandler } from './commands/forgot-password.handler';
import { ResendVerificationHandler } from './commands/resend-verification.handler';
import { ResetPasswordHandler } from './commands/reset-password.handler';
import { VerifyEmailHandler } from './commands/verify-email.handler';
import { VerifiedEmailGuard } from './guards/verified-email.guard';
import { RefreshTokenFamily } from './entities/refresh-token-family.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { User } from './entities/user.entity';
import { AppThrottlerGuard } from './guards/app-throttler.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { GetUserHandler } from './queries/get-user.handler';
import { ListUsersHandler } from './queries/list-users.handler';
import { CredentialAttemptLimiter } from './rate-limit/credential-attempt-limiter';
import { RateLimitStoreModule } from './rate-limit/rate-limit-store.module';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit/rate-limit-store';
import { SessionNotices } from './sessions/session-notices';
import { Sessions } from './sessions/sessions';
import { AccessTokens } from './tokens/access-tokens';
import { TokenIssuer } from './tokens/token-issuer';
import { UsersController } from './users.controller';
import { AccountBootstrap } from './users/account-bootstrap';
import { CustomerDirectory } from './users/customer-directory';
import { PasswordHasher } from './users/password-hasher';

@Module({
  imports: [
    CqrsModule,
    TypeOrmModule.forFeature([User, RefreshTokenFamily, RefreshToken]),
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStoreModule],
      inject: [APP_CONFIG, RATE_LIMIT_STORE],
      useFactory: (config: AppConfig, storage: RateLimitStore) => ({
        storage,
        throttlers: [
          {
            name: 'default',
            ttl: 60_000,
            limit: Math.max(config.rateLimitPerMinute, 1),
            skipIf: () => config.rateLimitPerMinute === 0,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    PasswordHasher,
    TokenIssuer,
    AccessTokens,
    SessionNotices,
    Sessions,
    CredentialAttemptLimiter,
    AccountBootstrap,
    CustomerDirectory,
    RegisterUserHandler,
    LogInHandler,
    RefreshTokensHandler,
    LogOutHandler,
    LogInTestIdentityHandler,
    UpdateUserHandler,
    AccountTokens,
    UpdateProfileHandler,
    ChangePasswordHandler,
    VerifyEmailHandler,
    ResendVerificationHandler,
    ForgotPasswordHandler,
    ResetPasswordHandler,
    GetUserHandler,
    ListUsersHandler,
    // Order matters: authenticate, then authorize, then count against the caller's budget.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: VerifiedEmailGuard },
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
  ],
  exports: [CustomerDirectory],
})
export class AuthModule {}
