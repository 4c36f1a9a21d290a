/**
 * Base of every error a client may cause. Thrown where the rule lives; the one problem-details
 * filter turns it into an RFC 9457 response. `type` is a stable slug, `extensions` become
 * extra members of the problem document (e.g. `stockIssues`).
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly title: string;
  readonly extensions: Record<string, unknown> = {};
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string> = {};

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly type: string = 'not-found';
  readonly title = 'Not Found';
  constructor(what = 'resource') {
    super(`The ${what} does not exist.`);
  }
}

/** Subclasses override `type` with their own slug (e.g. `insufficient-stock`). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly type: string = 'conflict';
  readonly title = 'Conflict';
}

export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  readonly type: string = 'precondition-failed';
  readonly title = 'Precondition Failed';
  constructor(detail = 'The resource was changed since you read it (If-Match does not match its current version).') {
    super(detail);
  }
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly type: string = 'unprocessable';
  readonly title = 'Unprocessable Content';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly type: string = 'forbidden';
  readonly title = 'Forbidden';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly type: string = 'unauthorized';
  readonly title = 'Unauthorized';
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly type: string = 'validation';
  readonly title = 'Bad Request';
  constructor(readonly errors: FieldError[], detail = 'The request is invalid.') {
    super(detail);
    this.extensions.errors = errors;
  }
}
