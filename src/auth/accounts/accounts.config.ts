import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { defineConfigSlice, toBool, toInt } from '../../config/config-slice';

/** Email verification and password reset. */
class AccountsVariables {
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REQUIRE_VERIFIED_EMAIL?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  VERIFICATION_RESEND_MAX_PER_HOUR?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  PASSWORD_RESET_MAX_REQUESTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  PASSWORD_RESET_WINDOW_SECONDS?: number;
}

export const accountsConfig = defineConfigSlice({
  variables: AccountsVariables,
  build: (v) => ({
    /** An unverified customer's `POST /orders` answers 403. */
    requireVerifiedEmail: v.REQUIRE_VERIFIED_EMAIL ?? false,
    /** `POST /auth/resend-verification` per account per hour before 429. */
    verificationResendMaxPerHour: v.VERIFICATION_RESEND_MAX_PER_HOUR ?? 5,
    /** `POST /auth/forgot-password` per IP + email within the window before 429. */
    passwordResetMaxRequests: v.PASSWORD_RESET_MAX_REQUESTS ?? 5,
    passwordResetWindowSeconds: v.PASSWORD_RESET_WINDOW_SECONDS ?? 900,
  }),
});
