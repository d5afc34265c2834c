// route-params.ts - what several routes of the route table share: the method pair, the idempotency key, the stock
// code, the order routes' parameters, reply and errors, and the error lists of reads, the docs pages and account routes.
import { z } from 'zod';
import { IDEMPOTENCY_PARAM } from '../middleware/known-params.ts';
import { BROWSER_EFFECT_ERRORS, GATE_ERRORS, GRID_ERRORS, GUARD_ERRORS, WORKER_ERRORS, type ParamEntry } from './route-entry.ts';
import * as s from './schemas.ts';

export const GET_POST = ['get', 'post'] as const;

export const IDEMPOTENCY: ParamEntry = {
  name: IDEMPOTENCY_PARAM, in: 'query', schema: s.IdempotencyKeyInput,
  text: { zh: '幂等键：带同一个键重试不会重复下单，得到第一次的应答（也可放在请求头 Idempotency-Key）', en: 'idempotency key: a retry with the same key never places twice and gets the first answer (or the Idempotency-Key header)' },
};
export const IDEMPOTENCY_HEADER: ParamEntry = { name: 'Idempotency-Key', in: 'header', schema: s.IdempotencyKeyInput, text: { zh: '幂等键（与 client_order_id 相同）', en: 'idempotency key (same as client_order_id)' } };

export const STOCK_CODE: ParamEntry = { name: 'stock_code', in: 'query', required: true, schema: s.StockCodeInput, text: { zh: '证券代码：6 位代码，可带 sh/sz/bj 前缀或 .SH/.SZ/.BJ 后缀', en: 'the stock code: 6 digits, optionally with an sh/sz/bj prefix or a .SH/.SZ/.BJ suffix' } };

export const ORDER_PARAM_LIST: readonly ParamEntry[] = [
  STOCK_CODE,
  { name: 'price', in: 'query', schema: s.PriceInput, text: { zh: '价格，最多 3 位小数；不传、空、None、null 表示用客户端默认价格；科创板市价委托时是保护限价', en: 'the price, at most 3 decimals; absent / empty / None / null leaves the client\'s default; the protection price of a STAR market order' } },
  { name: 'amount', in: 'query', required: true, schema: s.AmountInput, text: { zh: '数量：正整数，或 max（客户端显示的最大可交易数量）', en: 'the amount: a positive integer, or max (the client\'s maximum)' } },
  { name: 'price_type', in: 'query', schema: s.PriceTypeInput, text: { zh: '委托方式：limit（默认）或该交易所的市价委托（中文名或英文别名）', en: 'limit (default) or a market-order type of the code\'s exchange (Chinese name or English alias)' } },
  IDEMPOTENCY, IDEMPOTENCY_HEADER,
];

export const ORDER_REPLY = {
  kind: 'envelope', message: s.PopupText,
  extra: {
    entrust_no: z.string().nullable().describe('合同编号。contract number'), amount: z.int().describe('实际委托数量。the amount placed'),
    confirmed_by: z.literal('orders').optional().describe('没有结果弹窗时从当日委托确认。confirmed from today\'s orders'),
    journal_id: z.int().optional().describe('委托日志编号。journal row id'), replayed: z.boolean().optional(), dry_run: z.boolean().optional(),
  },
  text: { zh: '成功：客户端弹窗原文与合同编号；客户端拒绝是 HTTP 200、status -1', en: 'success: the client\'s popup text and contract number; a client refusal is HTTP 200, status -1' },
} as const;

export const ORDER_ERRORS = [...GUARD_ERRORS, ...BROWSER_EFFECT_ERRORS, ...WORKER_ERRORS, ...GRID_ERRORS, ...GATE_ERRORS,
  'missing_parameter', 'invalid_stock_code', 'invalid_price', 'invalid_amount', 'invalid_price_type', 'market_rule',
  'risk_code_denied', 'risk_code_not_allowed', 'risk_outside_hours', 'risk_max_shares', 'risk_max_value', 'risk_unverifiable', 'risk_rate_limited',
  'client_warning', 'confirmation_mismatch', 'client_rejected', 'system_clearing', 'max_quantity_zero', 'field_rejected',
  'stock_not_recognised', 'price_mode_stuck', 'broker_forward_failed', 'broker_begin_failed', 'broker_send_failed', 'client_ambiguous'] as const;

export const READ_ERRORS = [...GUARD_ERRORS, ...WORKER_ERRORS, ...GRID_ERRORS] as const;

/** /openapi.json and /docs run after the Host / Origin checks and before the token check (docs-routes.ts). */
export const DOCS_ERRORS = GUARD_ERRORS.filter((c) => c !== 'token_required' && c !== 'token_invalid' && c !== 'unknown_parameter' && c !== 'duplicate_parameter');

/** Every route that answers for one account (http/accounts.ts): it takes `account`, and can refuse for want of it. */
export const ACCOUNT_ERRORS = ['account_required', 'unknown_account'] as const;
