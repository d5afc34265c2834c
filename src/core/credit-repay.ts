// credit-repay.ts - a credit (融资融券) account's 直接还款 (cash repays the financed debt: an amount in CNY) and 直接还券
// (held shares return the borrowed ones: a code and a quantity): their parameters, each refusal naming the field and
// what it accepts.
import { z } from 'zod';
import { parseStockCode, type StockCode } from './market.ts';
import { fromParser } from './order.ts';
import { shown } from './text.ts';

/** Largest repayment in one request (CNY): ten billion, far above any retail margin debt. */
export const REPAY_MAX_CNY = 10_000_000_000;
/** Most shares in one return. */
export const RETURN_MAX_SHARES = 1_000_000_000;

const MONEY_FORMS = '应为大于 0 的金额（元），最多 2 位小数，如 1000 或 "2357.50"';
const SHARES_FORMS = `应为正整数（股），最多 ${String(RETURN_MAX_SHARES)}，如 200`;

/** amount of /direct_repay: CNY, > 0, at most 2 decimals, as a canonical 2-decimal string ("1000.00"). */
export function parseRepayMoney(v: unknown): string | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 amount：必填，还款金额${MONEY_FORMS}。(amount is required: the CNY to repay)` };
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(text);
  const bad = { error: `amount ${shown(v)} 不是有效的还款金额：${MONEY_FORMS}。(amount must be CNY above 0 with at most 2 decimals)` };
  if (!m) return bad;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the first group is required: a match has it
  const int = String(Number(m[1]!));
  const cents = (m[2] ?? '').padEnd(2, '0');
  const value = Number(`${int}.${cents}`);
  if (value <= 0 || value > REPAY_MAX_CNY) return bad;
  return `${int}.${cents}`;
}

/** amount of /direct_return: whole shares, 1 to RETURN_MAX_SHARES. */
export function parseReturnShares(v: unknown): number | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 amount：必填，还券数量${SHARES_FORMS}。(amount is required: the shares to return)` };
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > RETURN_MAX_SHARES) return { error: `amount ${shown(v)} 不是有效的还券数量：${SHARES_FORMS}。(amount must be a whole number of shares, 1 to ${String(RETURN_MAX_SHARES)})` };
  return n;
}

export const DirectRepayParams = z.object({ amount: fromParser<string>(parseRepayMoney) });
export type DirectRepayParams = z.infer<typeof DirectRepayParams>;

export const DirectReturnParams = z.object({
  stock_code: fromParser<StockCode>(parseStockCode),
  amount: fromParser<number>(parseReturnShares),
});
export type DirectReturnParams = z.infer<typeof DirectReturnParams>;
