// order-turn.ts - buys and sells take turns through the gate, from the guard checks and the snapshot of today's
// orders to the end of the confirmation from today's orders: no other order of ours can enter the client between
// an order's snapshot and its confirmation, so a new row in today's orders is never another of our orders. The
// worker runs one command at a time anyway: this costs an order nothing but the wait it already had.
import { GatewayError } from '../core/errors.ts';

/** An order waits at most this long for the one before it (its snapshot, click and confirmation are bounded too). */
export const ORDER_TURN_WAIT_MS = 90_000;

export class OrderTurns {
  private last: Promise<void> = Promise.resolve();
  private held = 0;

  /** True while an order holds the turn or waits for it. */
  get busy(): boolean {
    return this.held > 0;
  }

  /**
   * Waits for the turn; resolves with the function that ends it. Rejects (and takes no turn) with request_abandoned
   * when `signal` aborts first, or worker_unavailable after ORDER_TURN_WAIT_MS.
   */
  async take(signal?: AbortSignal, waitMs = ORDER_TURN_WAIT_MS): Promise<() => void> {
    const before = this.last;
    let resolveMine: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => { resolveMine = resolve; });
    this.held++;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.held--;
      resolveMine();
    };
    this.last = mine;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const outcome = await new Promise<'turn' | 'abandoned' | 'timeout'>((resolve) => {
      if (signal?.aborted) {
        resolve('abandoned');
        return;
      }
      void before.then(() => { resolve('turn'); });
      timer = setTimeout(() => { resolve('timeout'); }, waitMs);
      if (signal) {
        onAbort = () => { resolve('abandoned'); };
        signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (outcome === 'turn') return end;
    // Not taken: whoever waits behind this one waits only for the one before it.
    void before.then(end);
    if (outcome === 'abandoned') throw new GatewayError('request_abandoned', '调用方在委托发出前断开了连接（委托还在等前一笔委托完成），委托没有发出。(the caller left while the order waited for the one before it; nothing was sent)');
    throw new GatewayError('worker_unavailable', `前一笔委托 ${String(waitMs / 1000)} 秒内没有完成，这笔委托没有发出：请查看 /health。(the order before this one did not finish in time; nothing was sent)`);
  }
}
