import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';

describe('ProblemDetailsFilter', () => {
  it('logs an unexpected database error without its parameters or the failing row', () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$secret-hash';
    const driverError = Object.assign(new Error('null value in column "role" of relation "users" violates not-null constraint'), {
      code: '23502',
      table: 'users',
      column: 'role',
      detail: `Failing row contains (1, alice@example.com, Alice, ${hash}, null).`,
    });
    const error = new QueryFailedError('UPDATE "users" SET "role" = $1, "passwordHash" = $2', [null, hash], driverError);
    const logged: unknown[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(message));
    const response = { headersSent: false, getHeader: () => undefined, setHeader: jest.fn(), status: jest.fn().mockReturnThis(), type: jest.fn().mockReturnThis(), send: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ originalUrl: '/api/v1/users/1', method: 'PATCH' }) }) } as unknown as ArgumentsHost;
    try {
      new ProblemDetailsFilter().catch(error, host);
    } finally {
      spy.mockRestore();
    }
    expect(response.status).toHaveBeenCalledWith(500);
    const text = JSON.stringify(logged);
    expect(text).toContain('violates not-null constraint');
    expect(text).toContain('23502');
    expect(text).not.toContain('secret-hash');
    expect(text).not.toContain('alice@example.com');
  });
});
