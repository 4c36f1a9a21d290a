import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a server that is away, going away or full, and a connection that broke', () => {
    const unavailable = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('the database system is shutting down', '57P03'),
      withCode('connection failure', '08006'),
      withCode('sorry, too many clients already', '53300'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Client has encountered a connection error and is not queryable'),
      new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')),
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
      new QueryRunnerProviderAlreadyReleasedError(),
    ];
    for (const error of unavailable) expect([error.message, isDatabaseUnavailable(error)]).toEqual([error.message, true]);
  });

  it('leaves errors of the statement or the data alone', () => {
    const notUnavailable = [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "SELEC"', '42601'),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('password authentication failed for user "app"', '28P01'),
      new QueryFailedError('SELECT 1', [], withCode('deadlock detected', '40P01')),
      new Error('Cannot read properties of undefined'),
      undefined,
      'a string',
    ];
    for (const error of notUnavailable) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
