import { DomainError } from '../common/errors/domain-error';

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly type = 'service-unavailable';
  readonly title = 'Service Unavailable';
  constructor(detail: string, checks: Record<string, unknown>) {
    super(detail);
    this.extensions.checks = checks;
    this.headers['Retry-After'] = '5';
  }
}
