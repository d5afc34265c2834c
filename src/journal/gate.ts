// gate.ts - every order-type request passes here: journaled before the worker sees it, deduplicated by an
// idempotency key, refused while an earlier order on the same code and side has an unknown outcome, and settled
// from the client's list of today's orders once a worker is ready.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.ts';
import { errorReply, type Reply } from '../http/reply.ts';
import { toJson, Ordered } from '../http/reply.ts';
import { RECONCILE_DELAY_MS, RECONCILE_RETRY_MS, reconcile } from './reconcile.ts';
import type { JournalRow, JournalStore } from './store.ts';

/** An idempotency key: 1-64 of A-Z a-z 0-9 _ . - (as client_order_id or the Idempotency-Key header). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

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

export interface GateOptions {
  store: JournalStore | undefined;
  /** Why the journal could not be opened (order routes then answer 503 with it). */
  openError?: string | undefined;
  logger: Logger;
  /** Refuse a new order on a code and side that has an order of unknown outcome (default on). */
  guardUnsettled: boolean;
  /** Reads today's orders from the client (the worker's `orders` command). */
  readOrders: () => Promise<Array<Record<string, unknown>>>;
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
   * Journals and runs one order-type request. `run` talks to the worker and answers in the envelope's terms;
   * its GatewayErrors become replies here. Returns the reply that was recorded (or replayed).
   */
  async place(t: OrderTicket, run: (onEvent: (e: string) => void) => Promise<Reply>): Promise<Reply> {
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
      if (prior && prior.state !== 'not_sent') return this.replay(prior);
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
    let reply: Reply;
    try {
      reply = await run((e) => {
        if (e === 'sent') store.markSent(id);
        if (e === 'submitting') store.markSubmitted(id);
      });
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      reply = errorReply(err);
    }
    const code = String(reply.extra['error'] ?? '');
    if (reply.status === 1) {
      store.finish(id, 'accepted', { entrustNo: (reply.extra['entrust_no'] as string | null | undefined) ?? null, clientText: String(reply.message) });
    } else if (reply.http === 200 && code !== 'outcome_unknown') {
      // HTTP 200 with status -1 is always the client's own answer (a refusal): see the error registry.
      store.finish(id, 'rejected', { clientText: String(reply.message), errorCode: code || 'client_rejected' });
    } else if (code === 'outcome_unknown') {
      store.finish(id, 'unknown', { clientText: String(reply.message), errorCode: code });
      this.scheduleReconcile(RECONCILE_DELAY_MS);
    } else {
      store.finish(id, 'not_sent', { clientText: String(reply.message), errorCode: code || 'internal' });
    }
    reply = { ...reply, extra: { ...reply.extra, journal_id: id } };
    store.saveReply(id, reply.http, toJson(new Ordered([['status', reply.status], ['message', reply.message], ...Object.entries(reply.extra)])));
    return reply;
  }

  /** The first reply again, marked replayed, with what the journal knows now (settlement after reconciliation). */
  private replay(row: JournalRow): Reply {
    const journal = { id: row.id, state: row.state, settlement: row.settlement, entrust_no: row.entrustNo, settled_how: row.settledHow };
    if (row.replyBody && row.replyHttp !== null) {
      const body = JSON.parse(row.replyBody) as Record<string, unknown>;
      const { status, message, ...extra } = body;
      return { http: row.replyHttp, status: status === 1 ? 1 : -1, message, extra: { ...extra, replayed: true, journal } };
    }
    // The server stopped before it answered: say what the journal knows now.
    if (row.settlement === 'accepted') {
      return { http: 200, status: 1, message: `委托已在客户端（对账确认），合同编号：${row.entrustNo ?? ''}。`, extra: { entrust_no: row.entrustNo, replayed: true, journal } };
    }
    if (row.settlement === 'absent') {
      return { http: 200, status: -1, message: '这笔委托没有出现在客户端的当日委托里（对账确认没有下单）：如需下单请换一个新的幂等键。', extra: { error: 'order_absent', replayed: true, journal } };
    }
    return { http: 504, status: -1, message: '这笔委托的结果仍未知，正在与客户端对账：请稍后用同一个键查询，不要换键重下。', extra: { error: 'outcome_unknown', replayed: true, journal } };
  }

  /** Settles unknown orders from today's orders list after `delayMs`; retried while the read fails. */
  scheduleReconcile(delayMs: number = 0): void {
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
