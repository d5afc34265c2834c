// route-entry.ts - the shape of one row of the route table (route-table.ts), and the error-code groups most routes
// share (the guards, the parameter checks, the worker being away), so each row lists only what is its own.
import type { z } from 'zod';
import type { ErrorCode } from '../../core/errors.ts';

/** Chinese first, then English: every description in the table has both. */
export interface Text {
  zh: string;
  en: string;
}

/** One parameter of a route: where it goes, the forms it accepts (a zod *input* schema), what it means. */
export interface ParamEntry {
  name: string;
  /** `query`: query string, form or JSON body alike (the app reads all three); `path`: a `{name}` in the path;
   * `header`: a request header. */
  in: 'query' | 'path' | 'header';
  required?: boolean;
  /** The accepted forms, as the caller writes them (not the parsed value). */
  schema: z.ZodType;
  text: Text;
}

/** What a route answers with HTTP 200: the `{status, message, ...}` envelope, or another content type. */
export type ReplyEntry =
  | { kind: 'envelope'; message: z.ZodType; extra?: Record<string, z.ZodType>; text?: Text }
  | { kind: 'content'; contentType: string; schema?: z.ZodType; text: Text };

/** One route of the main HTTP app. */
export interface RouteEntry {
  /** OpenAPI path form: `/journal/{id}` (express's `/journal/:id`). */
  path: string;
  methods: ReadonlyArray<'get' | 'post'>;
  /** A group on the docs page (OpenAPI tag). */
  tag: 'account' | 'orders' | 'reports' | 'client' | 'journal' | 'meta' | 'events' | 'mcp';
  summary: Text;
  description: Text;
  /** When the route exists or answers only under a condition (an option, a backend). */
  when?: Text;
  /** The zod schema the route validates with (its parameter names are checked against `params` by a test). */
  schema?: z.ZodType;
  params: readonly ParamEntry[];
  reply: ReplyEntry;
  /** Every error code this route can answer: the shared groups below spread in, then its own. */
  errors: readonly ErrorCode[];
}

/** Refused before any route runs (src/http/middleware/guard.ts, token.ts, encoding.ts, params.ts): every route. */
export const GUARD_ERRORS = [
  'host_not_allowed', 'origin_not_allowed', 'cross_site_request', 'token_in_query', 'token_required', 'token_invalid',
  'invalid_encoding', 'invalid_body', 'payload_too_large', 'too_many_parameters', 'duplicate_parameter',
  'unknown_parameter', 'method_not_allowed', 'internal',
] as const satisfies readonly ErrorCode[];

/** A browser request that would change the account (refuseBrowserEffects): the order-type routes. */
export const BROWSER_EFFECT_ERRORS = ['browser_request'] as const satisfies readonly ErrorCode[];

/** The worker or the client is not there or misbehaves: every route that sends a command to the worker. */
export const WORKER_ERRORS = [
  'worker_unavailable', 'worker_failed', 'worker_crashed', 'queue_full', 'shutting_down', 'client_not_found',
  'client_elevated', 'client_not_responding', 'page_not_found', 'control_not_found', 'label_timeout', 'worker_protocol',
  'worker_timeout', 'broker_disconnected', 'bad_request', 'request_abandoned',
] as const satisfies readonly ErrorCode[];

/** Reading a grid (clipboard, captcha, export): the grid reads. */
export const GRID_ERRORS = ['clipboard_failed', 'captcha_failed', 'export_failed'] as const satisfies readonly ErrorCode[];

/** The journal, idempotency and risk gate every order-type route passes (src/trading/place.ts, src/risk). */
export const GATE_ERRORS = [
  'invalid_idempotency_key', 'idempotency_conflict', 'idempotency_in_progress', 'duplicate_in_flight',
  'unsettled_order', 'journal_unavailable', 'dry_run_locked', 'outcome_unknown', 'order_absent',
] as const satisfies readonly ErrorCode[];

/** Answered for a path that is no route at all (the app's last handler), not by any operation. */
export const APP_ERRORS = ['not_found'] as const satisfies readonly ErrorCode[];
