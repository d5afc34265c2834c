// validate.ts - route middleware: collect parameters (refusing names the route does not know), parse them with a zod
// schema, pass the parsed value on.
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { GatewayError, isErrorCode, type ErrorCode } from '../../core/errors.ts';
import { paramNames } from './known-params.ts';
import { collectParams } from './params.ts';

const FIELD_CODES: Record<string, ErrorCode> = {
  stock_code: 'invalid_stock_code',
  price: 'invalid_price',
  amount: 'invalid_amount',
  price_type: 'invalid_price_type',
  entrust_no: 'invalid_entrust_no',
  scope: 'invalid_scope',
  last: 'invalid_price',
  limit_up: 'invalid_price',
  limit_down: 'invalid_price',
  liquidity: 'invalid_amount',
};

/** Parsed parameters of the current request (set by `validate` or `strictParams`). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the route names the type of the schema it validated with
export function parsedParams<T>(res: Response): T {
  return res.locals['params'] as T;
}

/**
 * Parses the request's parameters with `schema` or answers 400 naming the first bad field. The names the route
 * accepts are the schema's own plus `extra` (e.g. client_order_id, which request-meta.ts reads); any other is a 400.
 */
export function validate(schema: z.ZodType, extra: readonly string[] = []): (req: Request, res: Response, next: NextFunction) => void {
  const known = [...paramNames(schema), ...extra];
  return (req, res, next) => {
    const raw = collectParams(req, known);
    const r = schema.safeParse(raw);
    if (!r.success) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a failed parse has at least one issue
      const issue = r.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const given = raw[field];
      const missing = given === undefined || given === null || given === '';
      // A cross-field rule names its own code (e.g. a STAR market order without its protection price).
      const explicit = (issue as { params?: { errorCode?: unknown } }).params?.errorCode;
      const code: ErrorCode = typeof explicit === 'string' && isErrorCode(explicit) ? explicit
        : missing && field !== 'price' ? 'missing_parameter' : (FIELD_CODES[field] ?? 'invalid_body');
      throw new GatewayError(code, issue.message, { field });
    }
    res.locals['params'] = r.data;
    next();
  };
}

/** Route middleware for a route without a schema: refuses any parameter not in `names` (none for most read-only
 * routes: `strictParams([])`) and passes the collected parameters on as `parsedParams`. The journal routes use it
 * too: `strictParams(['date'])` for /journal. */
export function strictParams(names: readonly string[]): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    res.locals['params'] = collectParams(req, names);
    next();
  };
}
