// order-route.ts - what every order-type route (/buy, /sell, /cancel, /ipo/subscribe) shares: the caller's
// idempotency key and address, journaling through the order gate, and refusing HEAD.
import type { Request, Response } from 'express';
import { GatewayError } from '../errors.ts';
import { IDEMPOTENCY_KEY, type OrderGate, type OrderTicket } from '../journal/gate.ts';
import { collectParams } from './params.ts';
import { errorReply, type Reply } from './reply.ts';

/**
 * The caller's idempotency key: `client_order_id` (query, form or JSON) or the Idempotency-Key header; both given
 * and different is a 400, as is a key outside 1-64 of A-Z a-z 0-9 _ . -.
 */
export function idempotencyKey(req: Request): string | null {
  const fromParam = collectParams(req)['client_order_id'];
  const fromHeader = req.get('idempotency-key');
  const given = [fromParam, fromHeader].filter((v) => v !== undefined && v !== null && v !== '');
  if (given.length === 0) return null;
  const key = given[0];
  const forms = '应为 1-64 个字母、数字或 _ . -，例如 "s1-20261124-0001"。(1-64 of A-Z a-z 0-9 _ . -)';
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new GatewayError('invalid_idempotency_key', `client_order_id / Idempotency-Key ${JSON.stringify(key).slice(0, 80)} 格式不对：${forms}`, { field: 'client_order_id' });
  }
  if (given.length === 2 && given[1] !== key) {
    throw new GatewayError('invalid_idempotency_key', 'client_order_id 与 Idempotency-Key 头不一致：只给一个，或给相同的值。(client_order_id and the Idempotency-Key header differ)', { field: 'client_order_id' });
  }
  return key;
}

/** The caller's address, as the journal records it. */
export function caller(req: Request): string | null {
  return req.socket.remoteAddress ?? null;
}

/**
 * Runs an order-type request: through the gate (journaled, deduplicated by key, replayed) when there is one, else
 * bare (app tests without a journal). Errors from `run` come back as replies either way.
 */
export async function placeOrder(req: Request, gate: OrderGate | undefined, ticket: Omit<OrderTicket, 'idemKey' | 'caller'>, run: (onEvent?: (e: string) => void) => Promise<Reply>): Promise<Reply> {
  const idemKey = idempotencyKey(req);
  if (gate) return gate.place({ ...ticket, idemKey, caller: caller(req) }, run);
  try {
    return await run();
  } catch (err) {
    if (err instanceof GatewayError) return errorReply(err);
    throw err;
  }
}

/** Express answers HEAD with the GET handler: an order-type route must never act on a HEAD request. */
export function refuseHead(req: Request, res: Response): void {
  res.setHeader('Allow', 'GET, POST');
  throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 HEAD。(only GET and POST)`);
}
