// ipo.ts - an IPO subscription's parameters: one stock_code (tradable forms, or a Shanghai 7xxxxx subscription
// code), or none for every offer of today.
import { z } from 'zod';
import { parseStockCode, type StockCode } from './market.ts';

/**
 * An IPO stock_code: the forms /buy accepts, plus Shanghai subscription codes (7xxxxx, e.g. 732689 or 787518), which
 * are not tradable codes; absent = every offer of today.
 */
export function parseIpoCode(v: unknown): StockCode | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^7\d{5}$/.test(text)) return { code: text, exchange: 'SH' };
  if (/^(?:sz|bj)7\d{5}$|^7\d{5}\.(?:sz|bj)$/i.test(text)) {
    return { error: `stock_code ${JSON.stringify(text.slice(0, 40))} 自相矛盾：7 开头的申购代码是上海证券交易所的代码，前缀或后缀却不是上海：请写 sh${text.replace(/\D/g, '')} 或只写 ${text.replace(/\D/g, '')}。(7xxxxx subscription codes are Shanghai codes)` };
  }
  const m = /^(?:sh(7\d{5})|(7\d{5})\.(?:sh|ss))$/i.exec(text);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one side of the alternation matched
  if (m) return { code: (m[1] ?? m[2])!, exchange: 'SH' };
  const r = parseStockCode(v);
  if ('error' in r) return { error: `${r.error} 申购代码也可以是上海的 7 开头代码，如 732689、787518。(Shanghai subscription codes 7xxxxx are accepted too)` };
  return r;
}

export const SubscribeParams = z.object({
  stock_code: z.unknown().optional().transform((v, ctx) => {
    const r = parseIpoCode(v);
    if (r !== null && 'error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r;
  }),
});
export type SubscribeParams = z.infer<typeof SubscribeParams>;
