import { SetMetadata } from '@nestjs/common';

export const REQUIRES_VERIFIED_EMAIL = 'requiresVerifiedEmail';
/**
 * With REQUIRE_VERIFIED_EMAIL=true, a customer whose address is not verified gets 403 on this route
 * (staff are not held back). Enforced by the auth module's VerifiedEmailGuard.
 */
export const RequiresVerifiedEmail = () => SetMetadata(REQUIRES_VERIFIED_EMAIL, true);
