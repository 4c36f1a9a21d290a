import { CreateEventsOutbox1764300000000 } from './1764300000000-CreateEventsOutbox';
import { CreateUsersAndTokens1764400000000 } from './1764400000000-CreateUsersAndTokens';

/**
 * Every migration, in order. TypeORM runs them at start-up and from `npm run migration:run`;
 * a new migration file is added to this list (explicit imports keep builds and tests free of globbing).
 */
export const migrations: Function[] = [CreateEventsOutbox1764300000000, CreateUsersAndTokens1764400000000];
