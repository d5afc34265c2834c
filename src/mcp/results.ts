// results.ts - what an MCP tool call answers: structured content (the same JSON as the HTTP route's body, or the data
// read) plus a text rendering; every failure is an error result (isError) carrying the registry code, the field and
// the message, and an order of unknown outcome is said to be unknown, never a success.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ERRORS, GatewayError, isErrorCode } from '../core/errors.ts';
import { toJson } from '../core/ordered.ts';
import { errorReply, replyBody, type Reply } from '../core/reply.ts';

/** What an agent must do when an order's outcome is unknown (the same words as outcome_unknown's registry text). */
export const UNKNOWN_ADVICE = `结果未知：${ERRORS.outcome_unknown.zh}；用 get_orders 查看当日委托，或稍后用同一个 idempotency_key 再调用一次得到对账结果，不要换键重下。(outcome unknown: ${ERRORS.outcome_unknown.en}; call get_orders, or call again later with the same idempotency_key for the reconciled result; never retry with a new key)`;

/** A successful read: `data` as structured content, and as JSON text after a one-line heading. */
export function dataResult(heading: string, data: Record<string, unknown>): CallToolResult {
  const json = toJson(data);
  return { content: [{ type: 'text', text: `${heading}\n${json}` }], structuredContent: JSON.parse(json) as Record<string, unknown> };
}

/** True when a failure's code means the order may have reached the client (outcome_unknown, broker_*_failed, ...). */
function isUnknown(code: unknown): boolean {
  if (typeof code !== 'string' || !isErrorCode(code)) return false;
  return (ERRORS[code] as { outcome?: string }).outcome === 'unknown';
}

/**
 * An order-type answer (place, cancel): the HTTP body as structured content (status, message, entrust_no,
 * journal_id, replayed, journal, dry_run, error, field ...); status -1 is an error result whose text starts with the
 * code and the field, and an unknown outcome says so and what to do.
 */
export function replyResult(reply: Reply): CallToolResult {
  const body = JSON.parse(replyBody(reply)) as Record<string, unknown>;
  const message = typeof reply.message === 'string' ? reply.message : toJson(reply.message);
  if (reply.status === 1) {
    const replayed = reply.extra['replayed'] === true ? '（重放：同一个 idempotency_key 的第一次结果，没有再下单 / replayed: the first answer to this key, nothing placed again）' : '';
    return { content: [{ type: 'text', text: `成功 / ok${replayed}：${message}\n${toJson(body)}` }], structuredContent: body };
  }
  const code = reply.extra['error'];
  const field = reply.extra['field'];
  const head = `错误 / error ${typeof code === 'string' ? code : 'internal'}${typeof field === 'string' ? `（字段 / field: ${field}）` : ''}：${message}`;
  const unknown = isUnknown(code) ? `\n${UNKNOWN_ADVICE}` : '';
  return { content: [{ type: 'text', text: `${head}${unknown}\n${toJson(body)}` }], structuredContent: body, isError: true };
}

/** A GatewayError (bad argument, a refusal, a worker failure) as an error result, in the HTTP error body's shape. */
export function errorResult(err: GatewayError): CallToolResult {
  return replyResult(errorReply(err));
}

/** Runs a tool's body: a GatewayError becomes its error result; anything else is a bug, answered as `internal`. */
export async function answer(run: () => Promise<CallToolResult>, onBug: (err: unknown) => void): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GatewayError) return errorResult(err);
    onBug(err);
    return errorResult(new GatewayError('internal', '服务内部错误，详情见日志。(internal error; see the log)'));
  }
}
