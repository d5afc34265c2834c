// cancel.ts - a cancel's parameters: one order by its contract number (entrust_no), or a scope (all, buy, sell).
import { z } from 'zod';
import { jsonOrString } from './text.ts';
import { fromParser } from './order.ts';

const ENTRUST_FORMS = '应为 1-20 位字母或数字的合同编号，如 4025982646 或 "Z8346054"（/buy、/sell 应答里的 entrust_no）';
const SCOPE_FORMS = '应为 all（全撤）、buy（撤买）或 sell（撤卖）';

/** Parses entrust_no: a contract number (digits, or letters and digits on some brokers), or absent. */
export function parseEntrustNo(v: unknown): string | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const text = typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text !== undefined && /^[A-Za-z0-9]{1,20}$/.test(text)) return text;
  return { error: `entrust_no ${jsonOrString(v).slice(0, 40)} 不是合同编号：${ENTRUST_FORMS}。(entrust_no must be 1-20 letters or digits)` };
}

/** Parses scope: all / buy / sell (any case), or absent. */
export function parseScope(v: unknown): 'all' | 'buy' | 'sell' | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const text = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (text === 'all' || text === 'buy' || text === 'sell') return text;
  return { error: `scope ${jsonOrString(v).slice(0, 40)} 不对：${SCOPE_FORMS}。(scope must be all, buy or sell)` };
}

export const CancelParams = z.object({
  entrust_no: fromParser(parseEntrustNo),
  scope: fromParser(parseScope),
}).transform((p, ctx) => {
  if (p.entrust_no === null && p.scope === null) {
    ctx.addIssue({ code: 'custom', path: ['entrust_no'], params: { errorCode: 'missing_parameter' }, message: `缺少 entrust_no 或 scope：撤一笔给 entrust_no（${ENTRUST_FORMS}），撤多笔给 scope（${SCOPE_FORMS}）。(give entrust_no or scope)` });
    return z.NEVER;
  }
  if (p.entrust_no !== null && p.scope !== null) {
    ctx.addIssue({ code: 'custom', path: ['scope'], message: 'entrust_no 和 scope 只能给一个：撤一笔用 entrust_no，撤全部 / 全部买入 / 全部卖出用 scope。(give entrust_no or scope, not both)' });
    return z.NEVER;
  }
  return p;
});
export type CancelParams = z.infer<typeof CancelParams>;
