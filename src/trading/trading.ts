// trading.ts - the order core's one entrance: every use case (reads, orders, cancels, IPO, refresh, journal) over
// the worker bridge, the journal and the risk limits. Front doors (HTTP today) are thin adapters over this; none of
// them reaches the worker another way.
import type { Logger } from 'pino';
import type { CancelParams } from '../core/cancel.ts';
import type { SubscribeParams } from '../core/ipo.ts';
import type { OrderParams } from '../core/order.ts';
import { CREDIT_ORDERS, type CreditRoute } from '../core/credit.ts';
import type { DirectRepayParams, DirectReturnParams } from '../core/credit-repay.ts';
import type { RepoParams } from '../core/repo.ts';
import type { Reply } from '../core/reply.ts';
import type { Bridge, HealthInfo } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import { OrderLimits, type OverallLimits } from '../risk/limits.ts';
import type { RiskLimits } from '../risk/config.ts';
import { cancelOrders } from './cancel.ts';
import { EventFeed } from './event-feed.ts';
import { assertSimBackend, moveSimQuote, refreshClient, type RefreshAnswer, type SimQuoteParams, type SimQuoteResult } from './client.ts';
import { readIpoOffers, subscribeIpo } from './ipo.ts';
import { journalDay, journalRow, settleJournalRow } from './journal-view.ts';
import { placeOrder } from './orders.ts';
import { directRepay, directReturn } from './credit-repay.ts';
import { placeRepo } from './repo.ts';
import type { RequestMeta } from './place.ts';
import { readBalance, readCreditBalance, readOrders, readGrid, readPositions, type Grid, type GridRow } from './reports.ts';

export interface TradingOptions {
  bridge: Bridge;
  logger: Logger;
  /** The order journal: orders go through it (bare app tests may have none). */
  gate?: OrderGate | undefined;
  /** Risk limits for buy and sell. */
  risk?: RiskLimits | undefined;
  /** Several accounts: the count of recent orders over all of them (the risk file's overall). */
  overallLimits?: OverallLimits | undefined;
  /** Answer orders, cancels, subscriptions and refreshes without sending them to the client; refuse quote moves. */
  dryRun?: boolean | undefined;
  /** Clock for the risk limits (tests pass a fixed one). */
  now?: (() => Date) | undefined;
  /** What the server tells about itself in health(). */
  serverInfo?: (() => Record<string, unknown>) | undefined;
}

export class Trading {
  private readonly bridge: Bridge;
  private readonly gate: OrderGate | undefined;
  private readonly limits: OrderLimits | undefined;
  private readonly dryRun: boolean;
  private readonly now: () => Date;
  private readonly log: Logger;
  private readonly serverInfo: () => Record<string, unknown>;

  constructor(opts: TradingOptions) {
    this.bridge = opts.bridge;
    this.gate = opts.gate;
    this.limits = opts.risk ? new OrderLimits(opts.risk, opts.overallLimits) : undefined;
    this.dryRun = opts.dryRun ?? false;
    this.now = opts.now ?? (() => new Date());
    this.log = opts.logger.child({ component: 'trading' });
    this.serverInfo = opts.serverInfo ?? (() => ({}));
    this.events = opts.gate ? new EventFeed(opts.gate) : undefined;
  }

  /** The order events (GET /events, webhooks); undefined without a journal. */
  readonly events: EventFeed | undefined;

  /** Whether there is a journal (the journal routes exist only then). */
  get hasJournal(): boolean {
    return this.gate !== undefined;
  }

  /** What the core enforces (dry run, risk limits: null when none) and the journal's health (null: no journal). */
  safety(): { dryRun: boolean; risk: RiskLimits | null; journal: Record<string, unknown> | null } {
    return { dryRun: this.dryRun, risk: this.limits?.limits ?? null, journal: this.gate?.health() ?? null };
  }

  /** The worker's state and the server's own facts. */
  health(): { worker: HealthInfo; server: Record<string, unknown> } {
    return { worker: this.bridge.health(), server: this.serverInfo() };
  }

  // Reads take the caller's signal: aborted while still queued, the read is dropped (request_abandoned).
  balance(signal?: AbortSignal): Promise<Array<[string, string]>> {
    return readBalance(this.bridge, signal);
  }

  /** A credit account's 查询资产 as [caption, text] pairs (not_credit_account on a cash account's client). */
  creditBalance(signal?: AbortSignal): Promise<Array<[string, string]>> {
    return readCreditBalance(this.bridge, signal);
  }

  /** A credit account's 标的证券 (what can be financed or shorted) or 负债明细 (its debts), as the client's grid shows it. */
  creditGrid(which: 'securities' | 'debts', signal?: AbortSignal): Promise<Grid> {
    return readGrid(this.bridge, which === 'securities' ? 'credit_securities' : 'credit_debts', signal);
  }

  positions(signal?: AbortSignal): Promise<GridRow[]> {
    return readPositions(this.bridge, signal);
  }

  /** Today's orders (only the cancellable ones when `open`). */
  orders(open: boolean, signal?: AbortSignal): Promise<Grid> {
    return readOrders(this.bridge, open, signal);
  }

  trades(signal?: AbortSignal): Promise<Grid> {
    return readGrid(this.bridge, 'trades', signal);
  }

  /** A buy or sell order, journaled, risk-checked, or answered as a dry run. */
  order(side: 'buy' | 'sell', p: OrderParams, meta: RequestMeta): Promise<Reply> {
    return placeOrder({ bridge: this.bridge, gate: this.gate, limits: this.limits, dryRun: this.dryRun, now: this.now, logger: this.log }, side, p, meta);
  }

  cancel(p: CancelParams, meta: RequestMeta): Promise<Reply> {
    return cancelOrders({ bridge: this.bridge, gate: this.gate, dryRun: this.dryRun, logger: this.log }, p, meta);
  }

  ipoOffers(signal?: AbortSignal): Promise<Grid> {
    return readIpoOffers(this.bridge, signal);
  }

  /** A credit account's order (融资买入, 融券卖出, 买券还券, 卖券还款): /buy's and /sell's rules on its credit page. */
  creditOrder(route: CreditRoute, p: OrderParams, meta: RequestMeta): Promise<Reply> {
    const credit = CREDIT_ORDERS[route];
    return placeOrder({ bridge: this.bridge, gate: this.gate, limits: this.limits, dryRun: this.dryRun, now: this.now, logger: this.log }, credit.side, p, meta, credit);
  }

  /** 直接还款: a credit account's cash repays its financed debt (journaled, never sent twice), or a dry run. */
  directRepay(p: DirectRepayParams, meta: RequestMeta): Promise<Reply> {
    return directRepay({ bridge: this.bridge, gate: this.gate, dryRun: this.dryRun, logger: this.log }, p, meta);
  }

  /** 直接还券: a credit account's held shares return its short debt of that code (journaled), or a dry run. */
  directReturn(p: DirectReturnParams, meta: RequestMeta): Promise<Reply> {
    return directReturn({ bridge: this.bridge, gate: this.gate, dryRun: this.dryRun, logger: this.log }, p, meta);
  }

  /** A reverse repo (cash lent at a rate), journaled like a sell, risk-checked on the cash lent, or a dry run. */
  repo(p: RepoParams, meta: RequestMeta): Promise<Reply> {
    return placeRepo({ bridge: this.bridge, gate: this.gate, limits: this.limits, dryRun: this.dryRun, now: this.now, logger: this.log }, p, meta);
  }

  ipoSubscribe(p: SubscribeParams, meta: RequestMeta): Promise<Reply> {
    return subscribeIpo({ bridge: this.bridge, gate: this.gate, dryRun: this.dryRun, logger: this.log }, p, meta);
  }

  /** Refreshes the client (a dry run answers without sending). */
  refresh(): Promise<RefreshAnswer> {
    return refreshClient(this.bridge, this.dryRun, this.log);
  }

  /** Throws sim_only when the worker drives a real client. */
  assertSim(): void {
    assertSimBackend(this.bridge);
  }

  simQuote(p: SimQuoteParams): Promise<SimQuoteResult> {
    return moveSimQuote(this.bridge, p, this.dryRun);
  }

  journalDay(date: unknown): Array<Record<string, unknown>> {
    return journalDay(this.requireGate(), date);
  }

  journalRow(id: string): Record<string, unknown> {
    return journalRow(this.requireGate(), id);
  }

  /** The operator settles an order of unknown outcome by hand (settlement, entrust_no, note); returns the row. */
  settleJournal(id: string, params: Record<string, unknown>, meta: Pick<RequestMeta, 'caller'>): Record<string, unknown> {
    return settleJournalRow(this.requireGate(), id, params, meta.caller);
  }

  private requireGate(): OrderGate {
    if (!this.gate) throw new Error('no order journal in this app');
    return this.gate;
  }
}

export type { RequestMeta } from './place.ts';
export type { Grid, GridRow } from './reports.ts';
