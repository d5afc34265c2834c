// gate.ts - every order-type request passes here: journaled before the worker sees it, deduplicated by an
// idempotency key, refused while an earlier order on the same code and side has an unknown outcome, and settled
// from the client's list of today's orders once a worker is ready.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import type { Outcome } from '../core/outcome.ts';
import { RECONCILE_DELAY_MS, RECONCILE_RETRY_MS, reconcile } from './reconcile.ts';
import type { JournalRow, JournalStore } from './store.ts';

export interface OrderTicket {
  kind: 'buy' | 'sell' | 'cancel' | 'ipo';
  code: string | null;
  side: string | null;
  price: string | null;
  amount: string | null;
  /** What decides "the same parameters" for a repeated key. */
  params: Record<string, unknown>;
  idemKey: string | null;
  caller: string | null;
}

/** What a placement leaves for the journal: its outcome, and the answer as sent (opaque here: kept for replays). */
export interface Placed {
  outcome: Outcome;
  answer: { code: number; body: string };
}

/** A new request ran (its journal row id), or a repeated key found an earlier row to replay. */
export type GateResult = { replayed: false; id: number } | { replayed: true; row: JournalRow };

export interface GateOptions {
  store: JournalStore | undefined;
  /** Why the journal could not be opened (order routes then answer 503 with it). */
  openError?: string | undefined;
  logger: Logger;
  /** Refuse a new order on a code and side that has an order of unknown outcome (default on). */
  guardUnsettled: boolean;
  /** Reads today's orders from the client (the worker's `orders` command). */
  readOrders: () => Promise<Array<Record<string, unknown>>>;
  /** How long after an identical keyless order from the same caller finished another is still refused (0: in flight only). */
  duplicateWindowMs?: number | undefined;
}

/** A stable hash of an order's kind and parameters. */
export function paramsHash(kind: string, params: Record<string, unknown>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k] ?? null]);
  return createHash('sha256').update(JSON.stringify([kind, sorted])).digest('hex');
}

export class OrderGate {
  private readonly opts: GateOptions;
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  lastReconcile: { at: string; settled: number; error: string | null } | null = null;

  constructor(opts: GateOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ component: 'journal' });
    if (opts.store) {
      const r = opts.store.recoverInterrupted();
      if (r.notSent + r.unknown > 0) this.log.warn(r, 'orders interrupted by the last shutdown recorded (unknown ones are settled once the worker is ready)');
    }
  }

  /** The journal's rows of a day (throws journal_unavailable when there is no journal). */
  rows(day: string): JournalRow[] {
    return this.requireStore().byDay(day);
  }

  /** One journal row, or undefined. */
  row(id: number): JournalRow | undefined {
    return this.requireStore().get(id);
  }

  private requireStore(): JournalStore {
    if (!this.opts.store) throw new GatewayError('journal_unavailable', `委托日志无法打开：${this.opts.openError ?? ''}`);
    return this.opts.store;
  }

  /** For /health: where the journal is, whether it works, how many orders are still unsettled. */
  health(): Record<string, unknown> {
    const s = this.opts.store;
    return { open: s !== undefined, file: s?.file ?? null, error: this.opts.openError ?? null, unsettled: s ? s.unsettled().length : null, lastReconcile: this.lastReconcile };
  }

  /**
   * Journals and runs one order-type request: recorded before `run` is called with its row id, moved to sent and
   * submitted as the worker reports, finished from the Outcome `run` returns. A repeated key returns the earlier row.
   */
  async place(t: OrderTicket, run: (id: number, onEvent: (e: string) => void) => Promise<Placed>): Promise<GateResult> {
    if (!this.opts.store) {
      throw new GatewayError('journal_unavailable', `委托日志无法打开，为保证每笔委托都有记录，已停止下单：${this.opts.openError ?? ''}`);
    }
    const store = this.opts.store;
    const hash = paramsHash(t.kind, t.params);
    let row: JournalRow | undefined;
    if (t.idemKey) {
      const prior = store.byKey(t.idemKey);
      if (prior && prior.paramsHash !== hash) {
        throw new GatewayError('idempotency_conflict', `幂等键 ${t.idemKey} 已用于另一笔参数不同的委托（日志 #${prior.id}）：换一个键，或用原来的参数重试。`, { details: { journal_id: prior.id } });
      }
      if (prior && (prior.state === 'received' || prior.state === 'sent')) {
        throw new GatewayError('idempotency_in_progress', `幂等键 ${t.idemKey} 的委托（日志 #${prior.id}）正在执行：等它完成后再用同一个键重试，会得到它的结果。`, { details: { journal_id: prior.id } });
      }
      if (prior && prior.state !== 'not_sent') return { replayed: true, row: prior };
      if (prior) row = store.retry(prior.id, t.caller); // the first attempt placed nothing: this one may
    }
    if (!row && this.opts.guardUnsettled && (t.kind === 'buy' || t.kind === 'sell')) {
      const open = store.unsettled().find((r) => r.code === t.code && r.kind === t.kind);
      if (open) {
        throw new GatewayError('unsettled_order', `${t.code} 的上一笔${t.kind === 'buy' ? '买入' : '卖出'}（日志 #${open.id}）结果未知，正在与客户端的当日委托对账；对账完成前不接受同代码同方向的新委托，以免重复下单。`, { details: { journal_id: open.id } });
      }
    }
    if (!row) {
      try {
        row = store.insert({ kind: t.kind, code: t.code, side: t.side, price: t.price, amount: t.amount, params: t.params, paramsHash: hash, idemKey: t.idemKey, caller: t.caller });
      } catch (err) {
        throw new GatewayError('journal_unavailable', `无法写入委托日志，没有下单：${(err as Error).message}`, { cause: err });
      }
    }
    const id = row.id;
    const { outcome, answer } = await run(id, (e) => {
      if (e === 'sent') store.markSent(id);
      if (e === 'submitting') store.markSubmitted(id);
    });
    if (outcome.kind === 'accepted') {
      store.finish(id, 'accepted', { entrustNo: outcome.entrustNo, clientText: outcome.text });
    } else {
      store.finish(id, outcome.kind, { clientText: outcome.text, errorCode: outcome.errorCode ?? 'internal' });
      if (outcome.kind === 'unknown') this.scheduleReconcile(RECONCILE_DELAY_MS);
    }
    store.saveReply(id, answer.code, answer.body);
    return { replayed: false, id };
  }

  /** Settles unknown orders from today's orders list after `delayMs`; retried while the read fails. */
  scheduleReconcile(delayMs = 0): void {
    if (!this.opts.store || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reconcileNow();
    }, delayMs);
    this.timer.unref();
  }

  /** Runs one reconciliation now (no-op when nothing is unsettled or one is already running). */
  async reconcileNow(): Promise<number> {
    const store = this.opts.store;
    if (!store || this.running || store.unsettled().length === 0) return 0;
    this.running = true;
    try {
      const settled = await reconcile(store, this.opts.readOrders, this.log);
      this.lastReconcile = { at: new Date().toISOString(), settled, error: null };
      return settled;
    } catch (err) {
      this.lastReconcile = { at: new Date().toISOString(), settled: 0, error: (err as Error).message };
      this.log.warn({ err }, 'reconciliation failed; will retry');
      this.scheduleReconcile(RECONCILE_RETRY_MS);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
