// request-meta.ts - what every order-type route (/buy, /sell, /cancel, /ipo/subscribe) takes from the request besides
// its parameters: the idempotency key, the caller's address and whether the caller is still there (reads take that
// signal too); and the refusal of HEAD.
import type { Request, Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import { parseIdempotencyKey } from '../core/idempotency.ts';
import type { RequestMeta } from '../trading/trading.ts';
import { collectParams } from './middleware/params.ts';

/**
 * The key from `client_order_id` (query, form or JSON) or the Idempotency-Key header, the caller's address, and a
 * signal aborted when the caller goes away before its answer (the connection closed before the response finished):
 * a command of its still waiting in the bridge's queue is then dropped, never sent.
 */
export function requestMeta(req: Request, res: Response): RequestMeta {
  return {
    idemKey: parseIdempotencyKey([collectParams(req)['client_order_id'], req.get('idempotency-key')]),
    caller: req.socket.remoteAddress ?? null,
    signal: callerGone(res),
  };
}

/** Aborted when the caller goes away before its answer (the connection closed before the response finished). */
export function callerGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Express answers HEAD with the GET handler: an order-type route must never act on a HEAD request. */
export function refuseHead(req: Request, res: Response): void {
  res.setHeader('Allow', 'GET, POST');
  throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 HEAD。(only GET and POST)`);
}
