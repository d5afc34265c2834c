// helpers.ts - what the journal tests share: a temp data dir, a ticket, replies, a gate, and an order placed through
// the journal as the trading core places it (the gate decides from its Outcome).
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { GatewayError } from '../../src/core/errors.ts';
import type { Reply } from '../../src/core/reply.ts';
import { OrderGate, type GateOptions, type OrderTicket } from '../../src/journal/gate.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { placeJournaled } from '../../src/trading/place.ts';

export const silent = pino({ level: 'silent' });
export const dataDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'ths-journal-'));

export const ticket = (over: Partial<OrderTicket> = {}): OrderTicket => ({
  kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100',
  params: { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 }, idemKey: null, caller: '127.0.0.1', ...over,
});
export const sellTicket = (over: Partial<OrderTicket> = {}): OrderTicket =>
  ticket({ kind: 'sell', side: 'sell', params: { ...ticket().params, side: 'sell' }, ...over });

/** A run as the bridge makes it when the worker dies after the line was written: `sending` heard, then no answer. */
export const sentThenUnknown = async (onEvent: (e: string) => void): Promise<Reply> => {
  onEvent('sending');
  throw new GatewayError('outcome_unknown', '结果未知');
};

export const ok = (no: string): Reply => ({ http: 200, status: 1, message: `您的买入委托已成功提交，合同编号：${no}。`, extra: { entrust_no: no } });

/** A row of the client's today's-orders grid, as the worker reads it. */
export const clientRow = (no: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  合同编号: no, 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 委托时间: '10:00:02', ...over,
});

/** A gate over a store in a fresh dir (or `store`), with today's orders from `orders()`. */
export function newGate(over: Partial<GateOptions> & { orders?: () => Array<Record<string, unknown>> } = {}): { gate: OrderGate; store: JournalStore } {
  const store = over.store ?? new JournalStore(dataDir());
  const { orders, ...rest } = over;
  const gate = new OrderGate({ store, logger: silent, guardUnsettled: true, readOrders: async () => (orders ? orders() : []), ...rest });
  return { gate, store };
}

/** An order-type request through the journal as the trading core places it. */
export function place(gate: OrderGate, t: OrderTicket, run: (onEvent: (e: string) => void) => Promise<Reply>, signal?: AbortSignal): Promise<Reply> {
  const { idemKey, caller, ...rest } = t;
  return placeJournaled(gate, rest, { idemKey, caller, signal }, (onEvent) => run(onEvent ?? (() => undefined)));
}

/** The GatewayError a promise rejects with (fails the test when it resolves). */
export async function refusal(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected a refusal');
}
