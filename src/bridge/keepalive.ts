// keepalive.ts - refreshes the client when the bridge has been idle for an interval, so the client neither locks
// itself nor shows stale figures; any traffic postpones it. The interval is injected (tests use a short one).
import type { Logger } from 'pino';

/** THS_KEEPALIVE_MINUTES / --keepalive-minutes default: the client's own idle lock is usually 15-30 minutes. */
export const DEFAULT_KEEPALIVE_MINUTES = 10;

/** What the keep-alive needs from the bridge (the supervisor, or a test double). */
export interface KeepAliveBridge {
  request(cmd: 'refresh', args: Record<string, unknown>): Promise<unknown>;
  /** Milliseconds since the last command started or finished; 0 while one is queued or running. */
  idleMs(): number;
  health(): { state: string };
}

export interface KeepAliveOptions {
  /** Idle time before a refresh; 0 or less turns the keep-alive off. */
  intervalMs: number;
  logger: Logger;
}

/** A timer that sends `refresh` after intervalMs without traffic, then again every intervalMs while still idle. */
export class KeepAlive {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private fired = 0;
  private readonly log: Logger;
  private readonly bridge: KeepAliveBridge;
  private readonly opts: KeepAliveOptions;

  constructor(bridge: KeepAliveBridge, opts: KeepAliveOptions) {
    this.bridge = bridge;
    this.opts = opts;
    this.log = opts.logger.child({ component: 'keepalive' });
  }

  get enabled(): boolean {
    return this.opts.intervalMs > 0;
  }

  /** Refreshes this keep-alive has sent. */
  get count(): number {
    return this.fired;
  }

  /** Starts the timer (idempotent; nothing when the interval is 0). */
  start(): void {
    if (!this.enabled || !this.stopped) return;
    this.stopped = false;
    this.log.info({ intervalMs: this.opts.intervalMs }, 'keep-alive on');
    this.schedule(this.opts.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(1, ms));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const interval = this.opts.intervalMs;
    const idle = this.bridge.idleMs();
    if (this.bridge.health().state !== 'ready') {
      this.schedule(interval);
      return;
    }
    if (idle < interval) {
      // Traffic since the last check: wait until the bridge has been idle for a whole interval.
      this.schedule(interval - idle);
      return;
    }
    try {
      this.fired++;
      await this.bridge.request('refresh', { trigger: 'keepalive' });
      this.log.debug('keep-alive refresh done');
    } catch (err) {
      this.log.warn({ err }, 'keep-alive refresh failed');
    } finally {
      this.schedule(interval);
    }
  }
}
