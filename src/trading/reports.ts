// reports.ts - read-only use cases: funds, positions, today's orders and trades, as the client's pages show them.
import { z } from 'zod';
import type { Bridge } from '../bridge/supervisor-types.ts';
import { textOf } from '../core/text.ts';
import { workerResult } from './worker-result.ts';

export type GridRow = Record<string, unknown>;
/** A grid as the client shows it: its columns in order, and its rows keyed by column. */
export interface Grid {
  columns: string[];
  rows: GridRow[];
}

const BalanceResult = z.object({ entries: z.array(z.tuple([z.string(), z.string()])) });
const PositionResult = z.object({ rows: z.array(z.record(z.string(), z.unknown())) });
const GridResult = z.object({ columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())) });

/** 备注 values of orders that can no longer be cancelled (a pending cancel, 已报待撤, included); the worker's cancel has the same list. */
const FINISHED = ['已成', '已撤', '部撤', '废单', '撤单', '待撤'];

/**
 * True for an order that can still be cancelled: not finished by its 备注, nothing of it cancelled (撤消数量: 2026
 * builds have no status column and their 备注 may still say 已报) and not fully filled.
 */
export function isOpenOrder(row: GridRow): boolean {
  const note = textOf(row['备注']);
  if (FINISHED.some((f) => note.includes(f))) return false;
  if (Number(row['撤消数量'] ?? 0) > 0) return false;
  const amount = Number(row['委托数量'] ?? 0);
  const filled = Number(row['成交数量'] ?? 0);
  return !(amount > 0 && filled >= amount);
}

/** The funds page's labels in the client's order, as [name, text] pairs. */
export async function readBalance(bridge: Bridge, signal?: AbortSignal): Promise<Array<[string, string]>> {
  return workerResult(BalanceResult, await bridge.request('balance', {}, undefined, signal), 'balance').entries;
}

/** A credit account's 查询资产 (维持担保比例, 可用保证金, debts, assets) in the client's order, as [caption, text] pairs. */
export async function readCreditBalance(bridge: Bridge, signal?: AbortSignal): Promise<Array<[string, string]>> {
  return workerResult(BalanceResult, await bridge.request('credit_balance', {}, undefined, signal), 'credit_balance').entries;
}

/** The positions grid's rows in the client's order. */
export async function readPositions(bridge: Bridge, signal?: AbortSignal): Promise<GridRow[]> {
  return workerResult(PositionResult, await bridge.request('position', {}, undefined, signal), 'position').rows;
}

/** Reads one grid command from the worker: columns plus rows (dropped while queued when `signal` aborts). */
export async function readGrid(bridge: Bridge, cmd: 'orders' | 'trades' | 'ipo' | 'credit_securities' | 'credit_debts', signal?: AbortSignal, args: Record<string, unknown> = {}): Promise<Grid> {
  return workerResult(GridResult, await bridge.request(cmd, args, undefined, signal), cmd);
}

/**
 * Today's orders with only `columns` in each row (the worker's `orders` with `only`; `columns` of the result is still
 * the whole header): what the journal's snapshot before an order needs, without the rest of every row of the day.
 */
export async function readOrderColumns(bridge: Bridge, columns: readonly string[], signal?: AbortSignal): Promise<Grid> {
  return readGrid(bridge, 'orders', signal, { only: [...columns] });
}

/** Today's orders; only those that can still be cancelled when `open`. */
export async function readOrders(bridge: Bridge, open: boolean, signal?: AbortSignal): Promise<Grid> {
  const grid = await readGrid(bridge, 'orders', signal);
  return open ? { columns: grid.columns, rows: grid.rows.filter(isOpenOrder) } : grid;
}
