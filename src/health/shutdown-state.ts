import { Injectable } from '@nestjs/common';

/** Set on SIGTERM: readiness answers 503 from then on, while in-flight requests finish. */
@Injectable()
export class ShutdownState {
  private draining = false;
  readonly startedAt = Date.now();

  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
