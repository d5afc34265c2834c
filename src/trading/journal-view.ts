// journal-view.ts - what the order journal recorded, as callers read it (snake_case, the stored reply parsed, the
// reconciliation steps), and the operator's settlement of an unknown order.
import { beijingDay } from '../core/clock.ts';
import { parseEntrustNo } from '../core/cancel.ts';
import { GatewayError } from '../core/errors.ts';
import { jsonOrString } from '../core/text.ts';
import type { OrderGate } from '../journal/gate.ts';
import type { JournalRow, Settlement, StepRow } from '../journal/store.ts';

/** Longest operator note kept with a settlement. */
export const MAX_NOTE_CHARS = 500;

/** A reconciliation step as callers see it. */
function stepEntry(s: StepRow): Record<string, unknown> {
  return { at: s.at, how: s.how, rows_read: s.rowsRead, new_rows: s.newRows, candidates: s.candidates, decision: s.decision, note: s.note };
}

/** The steps of a row in short: how many, and the last one. */
function stepSummary(steps: readonly StepRow[]): Record<string, unknown> | null {
  const last = steps.at(-1);
  return last ? { steps: steps.length, last_at: last.at, last_decision: last.decision, candidates: last.candidates, note: last.note } : null;
}

/** A journal row as callers see it. */
export function journalEntry(r: JournalRow): Record<string, unknown> {
  return {
    id: r.id, day: r.day, kind: r.kind, stock_code: r.code, price: r.price, amount: r.amount, params: r.params,
    client_order_id: r.idemKey, caller: r.caller, state: r.state, submitted: r.submitted, entrust_no: r.entrustNo,
    client_text: r.clientText, error: r.errorCode, settlement: r.settlement, settled_how: r.settledHow, settled_at: r.settledAt,
    received_at: r.receivedAt, sent_at: r.sentAt, finished_at: r.finishedAt, snapshot_size: r.snapshot === null ? null : r.snapshot.length,
    reply: r.replyBody ? { http: r.replyHttp, body: JSON.parse(r.replyBody) as unknown } : null,
  };
}

/** The rows of a day (YYYY-MM-DD, a Beijing date; absent = today), each with its reconciliation in short. */
export function journalDay(gate: OrderGate, date: unknown): Array<Record<string, unknown>> {
  // String() on purpose: a repeated query value ([a, b]) reads "a,b" and fails the format check below.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const day = date === undefined || date === '' ? beijingDay() : String(date);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new GatewayError('invalid_body', `date ${JSON.stringify(day)} 格式不对：应为 YYYY-MM-DD（北京时间的日期），如 2026-11-24；不传表示今天。(date must be YYYY-MM-DD)`, { field: 'date' });
  const steps = new Map<number, StepRow[]>();
  for (const s of gate.stepsOfDay(day)) steps.set(s.orderId, [...(steps.get(s.orderId) ?? []), s]);
  return gate.rows(day).map((r) => ({ ...journalEntry(r), reconciliation: stepSummary(steps.get(r.id) ?? []) }));
}

function rowId(idText: string): number {
  const id = Number(idText);
  if (!Number.isSafeInteger(id) || id <= 0) throw new GatewayError('not_found', `委托日志里没有 #${idText}。(no such journal entry)`, { field: 'id' });
  return id;
}

/** One row by its id with every reconciliation step, or a 404 naming it. */
export function journalRow(gate: OrderGate, idText: string): Record<string, unknown> {
  const id = rowId(idText);
  const row = gate.row(id);
  if (!row) throw new GatewayError('not_found', `委托日志里没有 #${idText}。(no such journal entry)`, { field: 'id' });
  return { ...journalEntry(row), reconciliation: gate.steps(id).map(stepEntry) };
}

const SETTLE_FORMS = 'settlement 应为 accepted（客户端里有这笔委托，须给 entrust_no）或 absent（客户端里没有）';

/** Parses the operator's settlement: settlement accepted | absent, entrust_no (accepted only), optional note. */
export function parseSettlement(p: Record<string, unknown>): { settlement: Settlement; entrustNo: string | null; note: string | null } {
  const raw = p['settlement'];
  const settlement = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (settlement !== 'accepted' && settlement !== 'absent') {
    throw new GatewayError('invalid_settlement', `settlement ${raw === undefined ? '缺失' : jsonOrString(raw).slice(0, 40)}：${SETTLE_FORMS}。(settlement must be accepted or absent)`, { field: 'settlement' });
  }
  const no = parseEntrustNo(p['entrust_no']);
  if (no !== null && typeof no === 'object') throw new GatewayError('invalid_settlement', no.error, { field: 'entrust_no' });
  if (settlement === 'accepted' && no === null) {
    throw new GatewayError('invalid_settlement', 'settlement=accepted 须给 entrust_no：客户端当日委托里这笔委托的合同编号。(accepted needs the entrust_no of the order in the client)', { field: 'entrust_no' });
  }
  if (settlement === 'absent' && no !== null) {
    throw new GatewayError('invalid_settlement', 'settlement=absent 表示客户端里没有这笔委托，不能同时给 entrust_no。(absent takes no entrust_no)', { field: 'entrust_no' });
  }
  const rawNote = p['note'];
  if (rawNote !== undefined && rawNote !== null && typeof rawNote !== 'string') {
    throw new GatewayError('invalid_settlement', `note 应为文字（最多 ${String(MAX_NOTE_CHARS)} 个字符）。(note must be text)`, { field: 'note' });
  }
  const note = typeof rawNote === 'string' && rawNote.trim() !== '' ? rawNote.trim() : null;
  if (note !== null && note.length > MAX_NOTE_CHARS) {
    throw new GatewayError('invalid_settlement', `note 有 ${String(note.length)} 个字符，最多 ${String(MAX_NOTE_CHARS)} 个。(note is too long)`, { field: 'note' });
  }
  return { settlement, entrustNo: no, note };
}

/** Settles an unknown order by hand and returns its row as it now reads. */
export function settleJournalRow(gate: OrderGate, idText: string, params: Record<string, unknown>, caller: string | null): Record<string, unknown> {
  const id = rowId(idText);
  const s = parseSettlement(params);
  gate.settleByHand(id, { ...s, caller });
  return journalRow(gate, String(id));
}
