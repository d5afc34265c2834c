// order-reply.ts - how every order-type route sends its answer: the envelope, with Retry-After when the rate limit
// refused the order.
import type { Response } from 'express';
import type { Reply } from '../../core/reply.ts';
import { sendReply } from '../envelope.ts';

/** An order's reply, with Retry-After when the rate limit refused it. */
export function sendOrderReply(res: Response, reply: Reply): void {
  const retry = reply.extra['retry_after'];
  if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
  sendReply(res, reply);
}
