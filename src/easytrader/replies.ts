// replies.ts - our answers in easytrader's shapes: a success as the plain object easytrader returns (201 for POSTs,
// 200 for GETs), every error as JSON {"error": "<code>: <message>", "code", ...} with a status >= 400 (easytrader's
// client raises on >= 300 and reads `error`). An unknown outcome is an error that says to check today's orders.
import type { Response } from 'express';
import { ERRORS, GatewayError, isErrorCode } from '../core/errors.ts';
import { Ordered, toJson } from '../core/ordered.ts';
import type { Reply } from '../core/reply.ts';
import { textOf } from '../core/text.ts';

/** What an unknown outcome adds to its error text, so that it can never be read as a success or a refusal. */
export const UNKNOWN_OUTCOME_TEXT = '结果未知：这笔委托可能已经在客户端里，请先查看当日委托（/today_entrusts）核对，不要直接重试。(outcome unknown: check today\'s orders before retrying)';

/** Sends a JSON body (key order kept for Ordered values) with a status. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json; charset=utf-8').send(toJson(body));
}

/** The error body: `error` carries the code and the message; `code` and the reply's other fields follow. */
function errorBody(code: string, message: unknown, extra: Record<string, unknown>): Ordered {
  let text = `${code}: ${textOf(typeof message === 'string' ? message : toJson(message))}`;
  if (isErrorCode(code) && (ERRORS[code] as { outcome?: string }).outcome === 'unknown' && !text.includes('/today_entrusts')) text += ` ${UNKNOWN_OUTCOME_TEXT}`;
  const { error: _code, ...rest } = extra;
  return new Ordered([['error', text], ['code', code], ...Object.entries(rest)]);
}

/** Sends a GatewayError: its registry status (never below 400), JSON with `error`. */
export function sendGatewayError(res: Response, err: GatewayError): void {
  sendJson(res, Math.max(err.http, 400), errorBody(err.code, err.message, { ...err.replyFields() }));
}

/**
 * Sends a use case's reply: a success as `ok(reply)` with `okStatus`; a failure with its own status when that is an
 * error status (401 / 403 / 409 / 429 / 503 / 504 ...), else 400 (the client's refusal, answered 200 on our own
 * routes, is an error to easytrader).
 */
export function sendUseCaseReply(res: Response, reply: Reply, okStatus: number, ok: (r: Reply) => Ordered): void {
  if (reply.status === 1) {
    sendJson(res, okStatus, ok(reply));
    return;
  }
  const code = typeof reply.extra['error'] === 'string' ? reply.extra['error'] : 'client_rejected';
  const retry = reply.extra['retry_after'];
  if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
  sendJson(res, reply.http >= 300 ? reply.http : 400, errorBody(code, reply.message, reply.extra));
}
