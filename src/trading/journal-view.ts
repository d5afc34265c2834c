// journal-view.ts - what the order journal recorded, as callers read it (snake_case, the stored reply parsed).
import { GatewayError } from '../core/errors.ts';
import type { OrderGate } from '../journal/gate.ts';
import { localDay, type JournalRow } from '../journal/store.ts';

/** A journal row as callers see it. */
export function journalEntry(r: JournalRow): Record<string, unknown> {
  return {
    id: r.id, day: r.day, kind: r.kind, stock_code: r.code, price: r.price, amount: r.amount, params: r.params,
    client_order_id: r.idemKey, caller: r.caller, state: r.state, submitted: r.submitted, entrust_no: r.entrustNo,
    client_text: r.clientText, error: r.errorCode, settlement: r.settlement, settled_how: r.settledHow, settled_at: r.settledAt,
    received_at: r.receivedAt, sent_at: r.sentAt, finished_at: r.finishedAt,
    reply: r.replyBody ? { http: r.replyHttp, body: JSON.parse(r.replyBody) as unknown } : null,
  };
}

/** The rows of a day (YYYY-MM-DD; absent = today). */
export function journalDay(gate: OrderGate, date: unknown): Array<Record<string, unknown>> {
  // String() on purpose: a repeated query value ([a, b]) reads "a,b" and fails the format check below.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const day = date === undefined || date === '' ? localDay() : String(date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new GatewayError('invalid_body', `date ${JSON.stringify(day)} 格式不对：应为 YYYY-MM-DD，如 2026-11-24；不传表示今天。(date must be YYYY-MM-DD)`, { field: 'date' });
  return gate.rows(day).map(journalEntry);
}

/** One row by its id, or a 404 naming it. */
export function journalRow(gate: OrderGate, idText: string): Record<string, unknown> {
  const id = Number(idText);
  const row = Number.isSafeInteger(id) && id > 0 ? gate.row(id) : undefined;
  if (!row) throw new GatewayError('not_found', `委托日志里没有 #${idText}。(no such journal entry)`, { field: 'id' });
  return journalEntry(row);
}
