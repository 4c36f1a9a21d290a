import { Logger } from '@nestjs/common';

/**
 * Test-only fault injection between a sink's delivery and the commit of its cursor — the window a
 * crash must not turn into a lost or duplicated stream entry. Set by RELAY_FAULT (refused outside
 * NODE_ENV=test), read by the fault drills (test/faults/):
 *
 *   kill-after-stream:<n>   SIGKILL this process once it has delivered n events in total, before the commit
 *   throw-after-stream:<k>  every k-th pass that delivered something fails before its commit (rolled back)
 *   pause-after-stream:<ms> wait ms before the commit, a window for pg_terminate_backend
 */
export interface RelayFaultSpec {
  action: 'kill' | 'throw' | 'pause';
  value: number;
}

export const RELAY_FAULT_PATTERN = /^(kill|throw|pause)-after-stream:(\d{1,6})$/;

export function parseRelayFault(text: string | undefined): RelayFaultSpec | null {
  const match = text ? RELAY_FAULT_PATTERN.exec(text) : null;
  return match ? { action: match[1] as RelayFaultSpec['action'], value: Number(match[2]) } : null;
}

export class RelayFault {
  private readonly logger = new Logger('RelayFault');
  private delivered = 0;
  private passes = 0;

  constructor(private readonly spec: RelayFaultSpec) {}

  /** Called after a sink delivered `count` events, before its cursor is committed. */
  async beforeCommit(sink: string, count: number): Promise<void> {
    if (count === 0) return;
    this.delivered += count;
    this.passes++;
    const { action, value } = this.spec;
    if (action === 'kill' && this.delivered >= value) {
      process.stderr.write(
        `RELAY_FAULT: SIGKILL after ${this.delivered} event(s) delivered to ${sink}, before the cursor commit\n`,
      );
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    }
    if (action === 'throw' && this.passes % Math.max(1, value) === 0) {
      this.logger.warn(`failing the ${sink} pass before its cursor commit`);
      throw new Error('RELAY_FAULT: failing before the cursor commit');
    }
    if (action === 'pause') await new Promise((r) => setTimeout(r, value));
  }
}
