// validate.ts - route middleware: collect parameters (refusing names the route does not know), parse them with a zod
// schema, pass the parsed value on.
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { paramError } from '../../core/param-error.ts';
import { paramNames } from './known-params.ts';
import { collectParams } from './params.ts';

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
    // The first bad field, its code and the schema's message (core/param-error.ts: the same for every front door).
    if (!r.success) throw paramError(r.error, raw);
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
