// grid.ts - the client's grids and funds in easytrader's shapes: rows as objects keyed by the Chinese headers in the
// client's column order, code and number columns as strings, empty cells "", other numbers as numbers; the balance
// as numbers.
import { Ordered } from '../core/ordered.ts';
import type { Grid } from '../trading/trading.ts';

/**
 * Columns that stay text whatever they look like: codes, contract / trade numbers, accounts, dates and times
 * (证券代码, 合同编号, 委托编号, 成交编号, 股东代码, 股东帐户, 资金帐号, 操作日期, 委托时间, …): a leading zero is part of them.
 */
const TEXT_COLUMN = /代码|编号|帐号|账号|帐户|账户|日期|时间/;

const NUMBER_TEXT = /^[+-]?\d+(?:\.\d+)?$/;

/** One cell as easytrader gives it: null / absent as "", a number text in a non-code column as a number. */
export function cell(column: string, v: unknown): unknown {
  if (v === undefined || v === null) return '';
  if (TEXT_COLUMN.test(column)) return typeof v === 'number' ? String(v) : v;
  if (typeof v === 'string') {
    const t = v.trim().replace(/,/g, '');
    return NUMBER_TEXT.test(t) ? Number(t) : v;
  }
  return v;
}

/** A grid as a list of objects keyed by its headers, in the client's row and column order. */
export function gridRows(grid: Grid): Ordered[] {
  return grid.rows.map((r) => new Ordered(grid.columns.filter((c) => c in r).map((c): [string, unknown] => [c, cell(c, r[c])])));
}

/** The funds page's labels as an object of numbers (a label that is not a number stays text), in the client's order. */
export function balanceObject(entries: ReadonlyArray<readonly [string, string]>): Ordered {
  return new Ordered(entries.map(([k, v]): [string, unknown] => [k, cell(k, v)]));
}
