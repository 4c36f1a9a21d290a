import { postgresReason } from './embedded-postgres';

describe("the embedded launcher's start-up error", () => {
  it("is PostgreSQL's own FATAL line with its hint, without the log prefix", () => {
    const lines = [
      '2026-12-02 02:39:54.123 UTC [1234] LOG:  starting PostgreSQL 18.0',
      '2026-12-02 02:39:54.124 UTC [1234] FATAL:  lock file "postmaster.pid" already exists',
      '2026-12-02 02:39:54.124 UTC [1234] HINT:  Is another postmaster (PID 99) running in data directory "/d"?',
    ];
    expect(postgresReason(lines, undefined)).toBe(
      'FATAL: lock file "postmaster.pid" already exists HINT: Is another postmaster (PID 99) running in data directory "/d"?',
    );
  });

  it("falls back to the package's error, then to the last line", () => {
    expect(postgresReason(['LOG: x'], new Error('initdb failed'))).toBe('initdb failed');
    expect(postgresReason(['LOG: x'], undefined)).toBe('LOG: x');
    expect(postgresReason([], undefined)).toBe('the server exited without a message');
  });
});
