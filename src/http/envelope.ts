// envelope.ts - sends answers in the seed's envelope {"status": 1|-1, "message": ...}, key order kept as given.
import type { Response } from 'express';
import type { GatewayError } from '../core/errors.ts';
import { errorReply, replyBody, type Reply } from '../core/reply.ts';

/** Sends a Reply with its HTTP status. */
export function sendReply(res: Response, r: Reply): void {
  res.status(r.http).type('application/json; charset=utf-8').send(replyBody(r));
}

/** Sends {"status", "message", ...extra} with the HTTP status. */
export function sendEnvelope(res: Response, http: number, status: 1 | -1, message: unknown, extra: Record<string, unknown> = {}): void {
  sendReply(res, { http, status, message, extra });
}

/** Sends an error in the envelope: status -1, the Chinese message, the English code in `error`. */
export function sendError(res: Response, err: GatewayError): void {
  sendReply(res, errorReply(err));
}
