// effect-route.ts - one route that acts on the client (an order, a cancel, a repayment, a subscription): HEAD refused,
// GET and POST alike, the parameters validated against the route's schema (plus the idempotency key, and nothing
// else), then the trading call on the parsed parameters and the request's meta, its answer sent.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Reply } from '../../core/reply.ts';
import type { RequestMeta } from '../../trading/trading.ts';
import { IDEMPOTENCY_PARAM } from '../middleware/known-params.ts';
import { parsedParams, validate } from '../middleware/validate.ts';
import { refuseHead, requestMeta } from '../request-meta.ts';
import { sendOrderReply } from './order-reply.ts';

/** Adds `path` to the router: run gets what `schema` parsed; send writes the reply (an order's by default). */
export function effectRoute<P>(
  router: Router,
  path: string,
  schema: z.ZodType<P>,
  run: (params: P, meta: RequestMeta) => Promise<Reply>,
  send: (res: Response, reply: Reply) => void = sendOrderReply,
): void {
  const params = validate(schema, [IDEMPOTENCY_PARAM]);
  const handler = async (req: Request, res: Response): Promise<void> => {
    send(res, await run(parsedParams<P>(res), requestMeta(req, res)));
  };
  router.route(path).head(refuseHead).get(params, handler).post(params, handler);
}
