// reply.ts - the answer to a request in the seed's terms, whatever front door renders it: status 1 | -1, a message,
// extra fields after them, and the HTTP status the error registry gives it.
import { ERRORS, GatewayError, type ErrorCode } from './errors.ts';
import { Ordered, toJson } from './ordered.ts';

/** An answer: HTTP status (from the registry), status 1 / -1, message, and extra fields after them. */
export interface Reply {
  http: number;
  status: 1 | -1;
  message: unknown;
  extra: Record<string, unknown>;
}

/** A success. */
export function okReply(message: unknown, extra: Record<string, unknown> = {}): Reply {
  return { http: 200, status: 1, message, extra };
}

/** A failure with a registry code (HTTP status from the registry). */
export function failReply(code: ErrorCode, message: unknown, extra: Record<string, unknown> = {}): Reply {
  return { http: ERRORS[code].http, status: -1, message, extra: { error: code, ...extra } };
}

/** The reply for an error: status -1, the Chinese message, the English code in `error`, then its fields. */
export function errorReply(err: GatewayError): Reply {
  return { http: err.http, status: -1, message: err.message, extra: { error: err.code, ...err.replyFields() } };
}

/** The reply's body as JSON text: status, message, then the extra fields, in that order. */
export function replyBody(r: Reply): string {
  return toJson(new Ordered([['status', r.status], ['message', r.message], ...Object.entries(r.extra)]));
}
