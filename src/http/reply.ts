// reply.ts - the seed's reply envelope {"status": 1|-1, "message": ...}, with object key order kept as given.
import type { Response } from 'express';
import { GatewayError } from '../errors.ts';
import { BridgeError } from '../bridge/bridge-error.ts';

/**
 * An object whose keys are written in this order. Plain JS objects put integer-like keys ("600078") before the
 * rest ("002555"), which would reorder the seed's positions; this keeps the client's order.
 */
export class Ordered {
  readonly entries: Array<[string, unknown]>;
  constructor(entries: Array<[string, unknown]>) {
    this.entries = entries;
  }
}

/** JSON text of a value, writing Ordered objects in their own order. */
export function toJson(value: unknown): string {
  if (value instanceof Ordered) {
    return '{' + value.entries.filter(([, v]) => v !== undefined).map(([k, v]) => JSON.stringify(k) + ':' + toJson(v)).join(',') + '}';
  }
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',') + ']';
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(JSON.stringify(k) + ':' + toJson(v));
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(value) ?? 'null';
}

/** Sends {"status", "message", ...extra} with the HTTP status. */
export function sendEnvelope(res: Response, http: number, status: 1 | -1, message: unknown, extra: Record<string, unknown> = {}): void {
  res.status(http).type('application/json; charset=utf-8').send(toJson(new Ordered([['status', status], ['message', message], ...Object.entries(extra)])));
}

/** A reply in the envelope's terms: HTTP status, status 1 / -1, message, and extra fields after them. */
export interface Reply {
  http: number;
  status: 1 | -1;
  message: unknown;
  extra: Record<string, unknown>;
}

/** The reply for an error: status -1, the Chinese message, the English code in `error`. */
export function errorReply(err: GatewayError): Reply {
  const extra: Record<string, unknown> = { error: err.code };
  if (err.field) extra['field'] = err.field;
  if (err instanceof BridgeError) {
    extra['reason'] = err.reason;
    if (err.code === 'outcome_unknown') extra['submitted'] = true;
  }
  if (err.details) Object.assign(extra, err.details);
  return { http: err.http, status: -1, message: err.message, extra };
}

/** Sends a Reply. */
export function sendReply(res: Response, r: Reply): void {
  sendEnvelope(res, r.http, r.status, r.message, r.extra);
}

/** Sends an error in the envelope: status -1, the Chinese message, the English code in `error`. */
export function sendError(res: Response, err: GatewayError): void {
  sendReply(res, errorReply(err));
}
