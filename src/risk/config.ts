// config.ts - the risk-limit file (--risk-config FILE): JSON validated by zod; every error names the key to fix.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseStockCode } from '../core/market.ts';
import { WARNING_KINDS } from '../core/popups.ts';

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** A code list entry in any accepted stock_code form, normalised to `600160.SH`. */
const CodeEntry = z.string().transform((v, ctx) => {
  const r = parseStockCode(v);
  if ('error' in r) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a stock code (600160, sh600160, 000001.SZ, ...)` });
    return z.NEVER;
  }
  return `${r.code}.${r.exchange}`;
});

/** A trading window "09:30-11:30" (Asia/Shanghai, start included, end excluded) as minutes of the day. */
const HoursEntry = z.string().transform((v, ctx) => {
  const m = HOURS.exec(v);
  const start = m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  const end = m ? Number(m[3]) * 60 + Number(m[4]) : 0;
  if (!m || start >= end) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} must be "HH:MM-HH:MM" with the start before the end, e.g. "09:30-11:30"` });
    return z.NEVER;
  }
  return { text: v, start, end };
});

/** accept_warnings: kinds of the client's warnings (docs/popups.md) answered Yes; `unknown` never is. */
const WarningKind = z.string({ error: `must be a warning kind: ${WARNING_KINDS.join(', ')}` }).refine((v) => WARNING_KINDS.includes(v), {
  error: (iss) => `${JSON.stringify(iss.input)} is not a warning kind: use ${WARNING_KINDS.join(', ')} (docs/popups.md; unknown questions are always answered No)`,
});

/** The limits one order is checked against (the file's top level, and each account's overrides). */
const LIMIT_KEYS = 'max_shares_per_order, max_order_value, allowed_codes, denied_codes, max_orders_per_minute, trading_hours, accept_warnings';
const limitShape = {
  max_shares_per_order: z.number({ error: 'must be a positive integer (shares)' }).int('must be a positive integer (shares)').positive('must be a positive integer (shares)').optional(),
  max_order_value: z.number({ error: 'must be a positive number (yuan)' }).positive('must be a positive number (yuan)').max(1e12, 'must be at most 1e12 yuan').optional(),
  allowed_codes: z.array(CodeEntry, { error: 'must be a list of stock codes' }).min(1, 'must list at least one code (remove the key to allow every code)').optional(),
  denied_codes: z.array(CodeEntry, { error: 'must be a list of stock codes' }).optional(),
  max_orders_per_minute: z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer').optional(),
  trading_hours: z.array(HoursEntry, { error: 'must be a list like ["09:30-11:30", "13:00-15:00"]' }).min(1, 'must list at least one window (remove the key for any time)').optional(),
  accept_warnings: z.array(WarningKind, { error: `must be a list of warning kinds (${WARNING_KINDS.join(', ')})` }).optional(),
};
const AccountLimits = z.strictObject(limitShape, { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')}: an account's keys are ${LIMIT_KEYS}` : 'must be a JSON object') });

export const RiskConfigSchema = z.strictObject({
  ...limitShape,
  /** Several accounts (docs/accounts.md): an account's own limits (by its number or name), in place of the top level's. */
  accounts: z.record(z.string().min(1, 'an account key must not be empty'), AccountLimits, { error: 'must be an object of account number or name: limits' }).optional(),
  /** Several accounts: limits over all of them together. */
  overall: z.strictObject({
    max_orders_per_minute: z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer').optional(),
  }, { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')}: overall takes max_orders_per_minute` : 'must be a JSON object') }).optional(),
}, { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key ${iss.keys.join(', ')}: the keys are ${LIMIT_KEYS}, accounts, overall` : 'must be a JSON object') });

export type RiskLimits = z.output<typeof RiskConfigSchema>;

/** One account's limits: the file's top level, each key an account's own section names replacing the top level's. */
export function accountLimits(limits: RiskLimits, ...keys: readonly string[]): RiskLimits {
  const { accounts, overall, ...top } = limits;
  const own = keys.map((k) => accounts?.[k]).find((x) => x !== undefined);
  return { ...top, ...(own ?? {}), ...(overall === undefined ? {} : { overall }) };
}

/** Reads and validates a risk-limit file; throws an Error whose message names the file and each bad key. */
export function loadRiskConfig(file: string): RiskLimits {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new Error(`风控配置文件 ${file} 无法读取：${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`风控配置文件 ${file} 不是合法的 JSON：${(err as Error).message}`, { cause: err });
  }
  const r = RiskConfigSchema.safeParse(json);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`);
    throw new Error(`风控配置文件 ${file} 有误 / invalid risk config:\n${lines.join('\n')}`);
  }
  return r.data;
}
