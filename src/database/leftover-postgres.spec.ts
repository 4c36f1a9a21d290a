import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopLeftoverPostgres } from './leftover-postgres';

describe('stopLeftoverPostgres', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'oms-leftover-'));

  it('does nothing without a postmaster.pid', async () => {
    expect(await stopLeftoverPostgres(folder())).toEqual({ kind: 'none' });
  });

  it('removes a pid file whose process is gone', async () => {
    const dir = folder();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(join(dir, 'postmaster.pid'), `${gone.pid}\n${dir}\n`);
    expect(await stopLeftoverPostgres(dir)).toEqual({ kind: 'stale-pid-file', pid: gone.pid });
    expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('leaves a live process that is not a postgres of this folder alone, and removes the pid file', async () => {
    const dir = folder();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'postmaster.pid'), `${other.pid}\n${dir}\n`);
      expect(await stopLeftoverPostgres(dir)).toEqual({ kind: 'stale-pid-file', pid: other.pid });
      expect(other.exitCode).toBeNull();
      expect(() => process.kill(other.pid!, 0)).not.toThrow();
    } finally {
      other.kill('SIGKILL');
    }
  });
});
