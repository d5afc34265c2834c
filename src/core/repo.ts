// repo.ts - a reverse repo's parameters (国债逆回购: lending cash for a term at an annual rate): the repo code, the
// rate, and the amount in the exchanges' unit of 1,000 CNY; each refusal names the field and what it accepts.
import { z } from 'zod';
import { instrumentOf } from './instrument.ts';
import { parseStockCode, type StockCode } from './market.ts';
import { fromParser } from './order.ts';
import { shown } from './text.ts';

/** CNY per unit of `amount`: the unit both exchanges quote reverse repos in (THS-UI-FACTS "Exchange rules"). */
export const REPO_UNIT_CNY = 1000;
/** Most units in one order: 1e9 CNY. */
export const REPO_MAX_UNITS = 1_000_000;

const RATE_FORMS = '应为大于 0、小于 1000 的年化利率（百分数，不带 %），最多 3 位小数，如 1.85 或 "1.850"';
const UNITS_FORMS = `应为正整数，单位为 1000 元（1 = 1000 元），最多 ${REPO_MAX_UNITS}，如 10 表示 10000 元`;

/** stock_code of a reverse repo: the forms /buy accepts, and only Shanghai 204xxx or Shenzhen 1318xx. */
export function parseRepoCode(v: unknown): StockCode | { error: string } {
  const r = parseStockCode(v);
  if ('error' in r) return { error: `${r.error} 逆回购代码为上海 204xxx（如 204001）或深圳 1318xx（如 131810）。(reverse repo codes are Shanghai 204xxx or Shenzhen 1318xx)` };
  if (instrumentOf(r.code)?.cls !== 'repo') {
    return { error: `stock_code ${r.code} 不是逆回购代码：/repo 只接受上海 204xxx（如 204001 GC001）或深圳 1318xx（如 131810 R-001）；买卖股票、基金、债券请用 /buy 和 /sell。(not a reverse repo code: Shanghai 204xxx or Shenzhen 1318xx)` };
  }
  return r;
}

/** rate: the annual rate in percent, > 0 and < 1000, at most 3 decimals, as a canonical decimal string. */
export function parseRate(v: unknown): string | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 rate：必填，${RATE_FORMS}。(rate is required: the annual rate in percent)` };
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /^(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text);
  if (!m || Number(text) <= 0) return { error: `rate ${shown(v)} 不是有效利率：${RATE_FORMS}。(rate must be a positive annual rate in percent with at most 3 decimals)` };
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const int = String(Number(m[1]));
  return frac ? `${int}.${frac}` : int;
}

/** amount: whole units of 1,000 CNY. */
export function parseRepoUnits(v: unknown): number | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 amount：必填，${UNITS_FORMS}。(amount is required, in units of 1,000 CNY)` };
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > REPO_MAX_UNITS) return { error: `amount ${shown(v)} 不是有效数量：${UNITS_FORMS}。(amount must be a whole number of 1,000 CNY units, 1 to ${REPO_MAX_UNITS})` };
  return n;
}

export const RepoParams = z.object({
  stock_code: fromParser<StockCode>(parseRepoCode),
  rate: fromParser<string>(parseRate),
  amount: fromParser<number>(parseRepoUnits),
});
export type RepoParams = z.infer<typeof RepoParams>;
