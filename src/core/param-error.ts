// param-error.ts - a failed parse of a front door's parameters (the zod schemas of order.ts, cancel.ts, ...) as the one
// GatewayError every front door answers with: the first issue's field, its registry code and the schema's message.
import type { z } from 'zod';
import { GatewayError, isErrorCode, type ErrorCode } from './errors.ts';

/** The registry code of a bad value, by the field it was given in. */
export const FIELD_CODES: Readonly<Record<string, ErrorCode>> = {
  stock_code: 'invalid_stock_code',
  price: 'invalid_price',
  amount: 'invalid_amount',
  rate: 'invalid_rate',
  price_type: 'invalid_price_type',
  entrust_no: 'invalid_entrust_no',
  scope: 'invalid_scope',
  last: 'invalid_price',
  limit_up: 'invalid_price',
  limit_down: 'invalid_price',
  liquidity: 'invalid_amount',
};

/**
 * The error for a failed parse of `raw`: a cross-field rule's own code (issue params.errorCode), else
 * missing_parameter for an absent field (price may be absent), else the field's code; the message is the schema's.
 */
export function paramError(error: z.ZodError, raw: Readonly<Record<string, unknown>>): GatewayError {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a failed parse has at least one issue
  const issue = error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const given = raw[field];
  const missing = given === undefined || given === null || given === '';
  const explicit = (issue as { params?: { errorCode?: unknown } }).params?.errorCode;
  const code: ErrorCode = typeof explicit === 'string' && isErrorCode(explicit) ? explicit
    : missing && field !== 'price' ? 'missing_parameter' : (FIELD_CODES[field] ?? 'invalid_body');
  return new GatewayError(code, issue.message, { field });
}
