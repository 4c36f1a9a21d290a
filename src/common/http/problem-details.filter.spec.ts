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

describe('ProblemDetailsFilter and an unreachable database', () => {
  it('answers 503 problem details with Retry-After, not 500', () => {
    const driverError = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const { problem, headers } = new ProblemDetailsFilter().toProblem(new QueryFailedError('SELECT 1', [], driverError));
    expect(problem).toMatchObject({ status: 503, type: 'https://order-api.dev/problems/service-unavailable' });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(new ProblemDetailsFilter().toProblem(refused).problem.status).toBe(503);
    expect(new ProblemDetailsFilter().toProblem(new Error('timeout exceeded when trying to connect')).problem.status).toBe(503);
  });
});
