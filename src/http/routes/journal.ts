// journal.ts - /journal?date=YYYY-MM-DD and /journal/{id}: what the order journal recorded.
import { Router, type Request, type Response } from 'express';
import { GatewayError } from '../../errors.ts';
import { localDay, type JournalRow } from '../../journal/store.ts';
import type { OrderGate } from '../../journal/gate.ts';
import { collectParams } from '../params.ts';
import { sendEnvelope } from '../reply.ts';

/** A journal row as the API shows it (snake_case, the stored reply parsed). */
export function journalEntry(r: JournalRow): Record<string, unknown> {
  return {
    id: r.id, day: r.day, kind: r.kind, stock_code: r.code, price: r.price, amount: r.amount, params: r.params,
    client_order_id: r.idemKey, caller: r.caller, state: r.state, submitted: r.submitted, entrust_no: r.entrustNo,
    client_text: r.clientText, error: r.errorCode, settlement: r.settlement, settled_how: r.settledHow, settled_at: r.settledAt,
    received_at: r.receivedAt, sent_at: r.sentAt, finished_at: r.finishedAt,
    reply: r.replyBody ? { http: r.replyHttp, body: JSON.parse(r.replyBody) as unknown } : null,
  };
}

export function journalRoutes(gate: OrderGate): Router {
  const router = Router();
  const list = (req: Request, res: Response): void => {
    const date = collectParams(req)['date'];
    const day = date === undefined || date === '' ? localDay() : String(date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new GatewayError('invalid_body', `date ${JSON.stringify(day)} 格式不对：应为 YYYY-MM-DD，如 2026-11-24；不传表示今天。(date must be YYYY-MM-DD)`, { field: 'date' });
    sendEnvelope(res, 200, 1, gate.rows(day).map(journalEntry));
  };
  const one = (req: Request, res: Response): void => {
    const id = Number(req.params['id']);
    const row = Number.isSafeInteger(id) && id > 0 ? gate.row(id) : undefined;
    if (!row) throw new GatewayError('not_found', `委托日志里没有 #${String(req.params['id'])}。(no such journal entry)`, { field: 'id' });
    sendEnvelope(res, 200, 1, journalEntry(row));
  };
  router.route('/journal').get(list).post(list);
  router.route('/journal/:id').get(one).post(one);
  return router;
}
