import { SetMetadata } from '@nestjs/common';
import { Role } from './auth-user';

export const ROLES_KEY = 'roles';
/** Restricts a route (or controller) to the given roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
