// rows.ts - the journal's records as the code reads them: an order row with its states, a reconciliation step, and
// how each is read from its SQLite row.

/**
 * received -> sent -> accepted | rejected | unknown | not_sent | abandoned. `abandoned`: the caller left while the
 * order still waited in the queue, and it was dropped before it was sent (nothing placed). `unknown` rows are later
 * settled (settlement accepted | absent) from the client's own list of today's orders, or by the operator.
 */
export type JournalState = 'received' | 'sent' | 'accepted' | 'rejected' | 'unknown' | 'not_sent' | 'abandoned';
export type Settlement = 'accepted' | 'absent';
/** What one reconciliation step concluded for a row; `waiting` and `ambiguous` leave it unknown. */
/** `incomplete`: the read lacked orders of the row's snapshot (a short or wrong read); it does not count toward absent. */
export type StepDecision = Settlement | 'ambiguous' | 'waiting' | 'incomplete';

export interface JournalRow {
  id: number;
  /** The Beijing date the request was received on: the scope of its idempotency key. */
  day: string;
  kind: string;
  code: string | null;
  side: string | null;
  price: string | null;
  amount: string | null;
  params: Record<string, unknown>;
  paramsHash: string;
  idemKey: string | null;
  caller: string | null;
  state: JournalState;
  submitted: boolean;
  entrustNo: string | null;
  clientText: string | null;
  errorCode: string | null;
  settlement: Settlement | null;
  settledHow: string | null;
  settledAt: string | null;
  replyHttp: number | null;
  replyBody: string | null;
  receivedAt: string;
  sentAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  /** The contract numbers in today's orders read right before the submit click (null: not read, e.g. old rows). */
  snapshot: string[] | null;
}

/** What a new journal row is made of; everything else starts empty. */
export type NewOrder = Pick<JournalRow, 'kind' | 'code' | 'side' | 'price' | 'amount' | 'params' | 'paramsHash' | 'idemKey' | 'caller'>;

/** One reconciliation step of a row: a read of today's orders (`auto`) or the operator's settlement. */
export interface StepRow {
  id: number;
  orderId: number;
  at: string;
  how: 'auto' | 'operator';
  /** Rows in today's orders list as read (null: the operator's step). */
  rowsRead: number | null;
  /** Of those, rows not in the row's snapshot (null: no snapshot). */
  newRows: number | null;
  /** Contract numbers that match the row and were not linked to another row. */
  candidates: string[];
  decision: StepDecision;
  note: string | null;
}

export type NewStep = Omit<StepRow, 'id'>;

export type Raw = Record<string, string | number | null>;

const text = (r: Raw, k: string): string | null => (r[k] === null || r[k] === undefined ? null : String(r[k]));

/** An orders row -> JournalRow. */
export function toRow(r: Raw): JournalRow {
  const snapshot = text(r, 'snapshot');
  return {
    id: Number(r['id']),
    day: String(r['day']),
    kind: String(r['kind']),
    code: text(r, 'code'),
    side: text(r, 'side'),
    price: text(r, 'price'),
    amount: text(r, 'amount'),
    params: JSON.parse(String(r['params'])) as Record<string, unknown>,
    paramsHash: String(r['params_hash']),
    idemKey: text(r, 'idem_key'),
    caller: text(r, 'caller'),
    state: String(r['state']) as JournalState,
    submitted: Number(r['submitted']) === 1,
    entrustNo: text(r, 'entrust_no'),
    clientText: text(r, 'client_text'),
    errorCode: text(r, 'error_code'),
    settlement: text(r, 'settlement') as Settlement | null,
    settledHow: text(r, 'settled_how'),
    settledAt: text(r, 'settled_at'),
    replyHttp: r['reply_http'] === null ? null : Number(r['reply_http']),
    replyBody: text(r, 'reply_body'),
    receivedAt: String(r['received_at']),
    sentAt: text(r, 'sent_at'),
    finishedAt: text(r, 'finished_at'),
    updatedAt: String(r['updated_at']),
    snapshot: snapshot === null ? null : (JSON.parse(snapshot) as string[]),
  };
}

/** A reconcile_steps row -> StepRow. */
export function toStep(r: Raw): StepRow {
  return {
    id: Number(r['id']),
    orderId: Number(r['order_id']),
    at: String(r['at']),
    how: String(r['how']) === 'operator' ? 'operator' : 'auto',
    rowsRead: r['rows_read'] === null ? null : Number(r['rows_read']),
    newRows: r['new_rows'] === null ? null : Number(r['new_rows']),
    candidates: JSON.parse(String(r['candidates'])) as string[],
    decision: String(r['decision']) as StepDecision,
    note: text(r, 'note'),
  };
}
