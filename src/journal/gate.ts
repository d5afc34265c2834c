// gate.ts - every order-type request passes here: journaled before the worker sees it (and `sent`, on disk, before
// its line is written), deduplicated by an idempotency key of the day or, without one, against an identical order
// in flight; refused while an earlier order of today on the same code and side has an unknown outcome; a snapshot of
// today's orders taken before each buy / sell click (snapshot.ts) so that reconciliation can tell which order is new.
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import type { Outcome } from '../core/outcome.ts';
import { admit, isOrder, type OrderTicket } from './admit.ts';
import { confirmFromOrders, type Confirmed } from './confirm.ts';
import { OrderTurns } from './order-turn.ts';
import { RECONCILE_DELAY_MS } from './reconcile.ts';
import { Reconciler, type LastReconcile, type ReadOrders } from './reconciler.ts';
import { askSnapshot, snapshotOf } from './snapshot.ts';
import type { DeliveryLog } from './deliveries.ts';
import type { EventLog } from './event-log.ts';
import type { JournalEvent, JournalRow, JournalState, JournalStore, Settlement, StepRow, WatchType } from './store.ts';
import { JournalWrites } from './writes.ts';

export { paramsHash, type OrderTicket } from './admit.ts';


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
  /** Refuse a new order on a code and side that has an order of unknown outcome today (default on). */
  guardUnsettled: boolean;
  /** Reads today's orders from the client (the worker's `orders` command); the signal is the caller's. */
  readOrders: ReadOrders;
  /**
   * Reads today's orders for the snapshot before a buy / sell: rows need only SNAPSHOT_COLUMNS (reconcile.ts), so the
   * worker can leave out the rest of every row of the day. Default: readOrders.
   */
  readSnapshot?: ReadOrders | undefined;
  /** How long after an identical keyless order from the same caller finished another is still refused (0: in flight only). */
  duplicateWindowMs?: number | undefined;
  /** The clock (tests move it). */
  now?: (() => Date) | undefined;
  /** Shortens ABSENT_AFTER_MS (the hidden --test-absent-after-ms hook of the end-to-end tests; never in use). */
  absentAfterMs?: number | undefined;
}

/** An operator's settlement of an unknown order (POST /journal/{id}/settle). */
export interface ManualSettlement {
  settlement: Settlement;
  entrustNo: string | null;
  note: string | null;
  caller: string | null;
}


export class OrderGate {
  private readonly opts: GateOptions;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly writes: JournalWrites | undefined;
  private readonly reconciler: Reconciler | undefined;
  private recovered = false;
  private readonly turns = new OrderTurns();

  constructor(opts: GateOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ component: 'journal' });
    this.now = opts.now ?? (() => new Date());
    if (opts.store) {
      this.writes = new JournalWrites(opts.store, this.log);
      this.reconciler = new Reconciler(opts.store, opts.readOrders, this.log, this.now, opts.absentAfterMs);
      try {
        this.recover(opts.store);
      } catch {
        // noted as a journal failure: the first order tries again before anything else
      }
    }
  }

  /** Rows a crash left in received / sent become not_sent / unknown, once, before any new order. */
  private recover(store: JournalStore): void {
    if (this.recovered || !this.writes) return;
    const r = this.writes.critical('recover', () => store.recoverInterrupted(this.now()));
    this.recovered = true;
    if (r.notSent + r.unknown > 0) this.log.warn(r, 'orders interrupted by the last shutdown recorded (unknown ones are settled once the worker is ready)');
  }

  /** The journal's rows of a day (throws journal_unavailable when there is no journal). */
  rows(day: string): JournalRow[] {
    return this.requireStore().byDay(day);
  }

  /** One journal row, or undefined. */
  row(id: number): JournalRow | undefined {
    return this.requireStore().get(id);
  }

  /** A row's reconciliation steps. */
  steps(id: number): StepRow[] {
    return this.requireStore().steps(id);
  }

  /** The reconciliation steps of a day's rows. */
  stepsOfDay(day: string): StepRow[] {
    return this.requireStore().stepsOfDay(day);
  }

  /** The journal's order events (undefined when the journal could not be opened). */
  get events(): EventLog | undefined {
    return this.opts.store?.events;
  }

  /** The webhook deliveries of the events (undefined when the journal could not be opened). */
  get deliveries(): DeliveryLog | undefined {
    return this.opts.store?.deliveries;
  }

  /** Records what the order watcher saw of row `id` (fills, cancels), all or none; throws when the journal cannot. */
  recordWatch(id: number, events: ReadonlyArray<{ type: WatchType; data: Record<string, unknown> }>): JournalEvent[] {
    return this.requireStore().recordWatch(id, events, this.now());
  }

  get lastReconcile(): LastReconcile | null {
    return this.reconciler?.last ?? null;
  }

  private requireStore(): JournalStore {
    if (!this.opts.store) throw new GatewayError('journal_unavailable', `委托日志无法打开，为保证每笔委托都有记录，已停止下单：${this.opts.openError ?? ''}`);
    return this.opts.store;
  }

  /** For /health: where the journal is, whether it records, what waits to be written, how many orders are unsettled. */
  health(): Record<string, unknown> {
    const s = this.opts.store;
    let unsettled: number | null = null;
    try {
      unsettled = s ? s.unsettled().length : null;
    } catch {
      // a journal that cannot even be read says so in writable / lastFailure
    }
    return { open: s !== undefined, file: s?.file ?? null, error: this.opts.openError ?? null, ...(this.writes?.health() ?? { writable: false }), unsettled, lastReconcile: this.lastReconcile };
  }

  /**
   * Journals and runs one order-type request: recorded (received) before `run` is called with its row id; for a buy
   * or sell, today's orders are read first (the read asked for as the row is written) and kept with the row; `sent` is
   * written when the bridge says `sending` (a failure there throws journal_unavailable into the bridge, which then
   * writes nothing); finished from the Outcome `run` returns. A repeated key of today returns the earlier row.
   */
  async place(t: OrderTicket, run: (id: number, onEvent: (e: string) => void) => Promise<Placed>, opts: { signal?: AbortSignal | undefined } = {}): Promise<GateResult> {
    if (!isOrder(t.kind)) return this.placeInTurn(t, run, opts);
    // A refusal or a replay comes at once; then buys and sells one at a time (order-turn.ts), checked again in turn.
    const early = admit(this.requireStore(), t, this.opts, this.now());
    if ('replay' in early) return { replayed: true, row: early.replay };
    if (this.turns.busy) this.log.info({ kind: t.kind, code: t.code, idemKey: t.idemKey }, 'order waits for the order before it (one buy or sell at a time)');
    let end: () => void;
    try {
      end = await this.turns.take(opts.signal);
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'request_abandoned') this.log.info({ kind: t.kind, code: t.code, idemKey: t.idemKey }, 'caller left while its order waited for its turn: dropped, never sent');
      throw err;
    }
    try {
      return await this.placeInTurn(t, run, opts);
    } finally {
      end();
    }
  }

  /**
   * Looks for a buy / sell that showed no result popup in today's orders (confirm.ts); called from inside `run`, so
   * still in the order's turn. Null: not found (or not certain), the order stays an unknown outcome.
   */
  async confirmFromOrders(id: number, signal?: AbortSignal): Promise<Confirmed | null> {
    const found = await confirmFromOrders(this.requireStore(), this.opts.readOrders, id, this.now, signal);
    if (found) this.log.info({ journalId: id, entrustNo: found.entrustNo, reads: found.reads }, 'order without a result popup confirmed from today\'s orders');
    else this.log.warn({ journalId: id }, 'order without a result popup not found in today\'s orders: outcome unknown, reconciliation goes on');
    return found;
  }

  private async placeInTurn(t: OrderTicket, run: (id: number, onEvent: (e: string) => void) => Promise<Placed>, opts: { signal?: AbortSignal | undefined }): Promise<GateResult> {
    const store = this.requireStore();
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a store comes with its writer
    const writes = this.writes!;
    this.recover(store);
    writes.ready();
    const admitted = admit(store, t, this.opts, this.now());
    if ('replay' in admitted) return { replayed: true, row: admitted.replay };
    const { now, hash, retryOf } = admitted;
    // A buy / sell's snapshot read is asked for before its row is written: the worker reads today's orders while the
    // row's commit waits for the disk. Only a read: if the row cannot be written, its answer is dropped, nothing sent.
    const reading = isOrder(t.kind) ? askSnapshot(this.opts.readSnapshot ?? this.opts.readOrders, opts.signal) : undefined;
    let row: JournalRow | undefined;
    try {
      if (retryOf) {
        const priorId = retryOf.id;
        row = writes.critical('retry', () => store.retry(priorId, t.caller, now)); // the first attempt placed nothing: this one may
      }
      row ??= writes.critical('insert', () => store.insert({ kind: t.kind, code: t.code, side: t.side, price: t.price, amount: t.amount, params: t.params, paramsHash: hash, idemKey: t.idemKey, caller: t.caller }, now));
    } catch (err) {
      reading?.catch(() => undefined); // its answer is not wanted; its failure is no unhandled rejection
      throw err;
    }
    const id = row.id;
    // Kept with `sent`, in its commit: a row that never got there was never clicked and needs no snapshot.
    const snapshot = reading ? await snapshotOf(store, writes, id, reading, this.now) : undefined;
    let sending = false;
    const onEvent = (e: string): void => {
      if (e === 'sending') {
        writes.critical('sent', () => { store.markSent(id, this.now(), snapshot); }); // throws: the bridge writes nothing
        sending = true;
      } else if (e === 'sent' && !sending) {
        writes.later(id, 'sent', () => { store.markSent(id, this.now(), snapshot); }); // a bridge that does not announce `sending`
      } else if (e === 'submitting') {
        writes.later(id, 'submitted', () => { store.markSubmitted(id, this.now()); });
      }
    };
    let placed: Placed;
    try {
      placed = await run(id, onEvent);
    } catch (err) {
      // Not an answer but a bug: if the line was written, the order may be in the client.
      writes.later(id, 'finish', () => { store.finish(id, sending ? 'unknown' : 'not_sent', { errorCode: 'internal', clientText: (err as Error).message }, this.now()); });
      throw err;
    }
    const { outcome, answer } = placed;
    const state: Exclude<JournalState, 'received' | 'sent'> = outcome.kind === 'not_sent' && outcome.errorCode === 'request_abandoned' ? 'abandoned' : outcome.kind;
    writes.later(id, 'finish', () => {
      const fields = state === 'accepted' ? { entrustNo: outcome.entrustNo, clientText: outcome.text } : { clientText: outcome.text, errorCode: outcome.errorCode ?? 'internal' };
      store.finishWithReply(id, state, fields, { http: answer.code, body: answer.body }, this.now());
    });
    if (state === 'unknown') this.reconciler?.schedule(RECONCILE_DELAY_MS);
    return { replayed: false, id };
  }

  /** The operator settles an unknown order by hand (journaled with who and why); 404 / 409 / 400 as the row allows. */
  settleByHand(id: number, s: ManualSettlement): JournalRow {
    const store = this.requireStore();
    const row = store.get(id);
    if (!row) throw new GatewayError('not_found', `委托日志里没有 #${String(id)}。(no such journal entry)`, { field: 'id' });
    if (row.state !== 'unknown' || row.settlement !== null) {
      const why = row.state !== 'unknown' ? `状态是 ${row.state}，不是 unknown` : `已经对账为 ${String(row.settlement)}（${row.settledHow ?? ''}）`;
      throw new GatewayError('not_settleable', `日志 #${String(id)} ${why}：只有结果未知、尚未对账的委托可以手工对账。(only an unsettled order of unknown outcome can be settled)`, { details: { journal_id: id, state: row.state, settlement: row.settlement } });
    }
    if (s.entrustNo !== null) {
      const owner = store.linkedEntrustNos(row.day).get(s.entrustNo);
      if (owner !== undefined && owner !== id) {
        throw new GatewayError('invalid_settlement', `合同编号 ${s.entrustNo} 已对应日志 #${String(owner)}：一笔客户端委托只能对应一条日志。(entrust_no is already linked to another journal row)`, { field: 'entrust_no', details: { journal_id: owner } });
      }
    }
    const at = this.now();
    const how = `operator (caller ${s.caller ?? 'unknown'})${s.note ? `: ${s.note}` : ''}`;
    const step = { orderId: id, at: at.toISOString(), how: 'operator' as const, rowsRead: null, newRows: null, candidates: s.entrustNo ? [s.entrustNo] : [], decision: s.settlement, note: how };
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a store comes with its writer
    const done = this.writes!.critical('settle', () => store.settle(id, s.settlement, how, s.entrustNo, step, at));
    if (!done) throw new GatewayError('not_settleable', `日志 #${String(id)} 刚刚已被对账。(the row was settled meanwhile)`, { details: { journal_id: id } });
    this.log.warn({ journalId: id, settlement: s.settlement, entrustNo: s.entrustNo, caller: s.caller, note: s.note }, 'order of unknown outcome settled by the operator');
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- just written
    return store.get(id)!;
  }

  /** Settles today's unknown orders from today's orders list after `delayMs`, read again while one waits. */
  scheduleReconcile(delayMs = 0): void {
    this.reconciler?.schedule(delayMs);
  }

  /** Runs one reconciliation now; returns how many rows it settled. */
  async reconcileNow(): Promise<number> {
    return this.reconciler ? this.reconciler.runNow() : 0;
  }

  /** Stops the background timers (the store is closed by its owner). */
  stop(): void {
    this.reconciler?.stop();
    this.writes?.stop();
  }
}
