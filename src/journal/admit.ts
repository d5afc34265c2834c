// admit.ts - the checks an order-type request meets before it runs: a key of today (conflict, in progress, a replay,
// or a retry of an attempt that placed nothing), an identical keyless order of the same caller, and the unsettled
// guard. Pure reads of the journal; the gate runs them before a buy or sell waits for its turn and again in its turn.
import { createHash } from 'node:crypto';
import { beijingDay } from '../core/clock.ts';
import { GatewayError } from '../core/errors.ts';
import type { JournalRow, JournalStore } from './store.ts';

export interface OrderTicket {
  kind: 'buy' | 'sell' | 'cancel' | 'ipo' | 'repay';
  code: string | null;
  side: string | null;
  price: string | null;
  amount: string | null;
  /** What decides "the same parameters" for a repeated key, and "the same order" without one. */
  params: Record<string, unknown>;
  idemKey: string | null;
  caller: string | null;
}

/** A stable hash of an order's kind and parameters. */
export function paramsHash(kind: string, params: Record<string, unknown>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k] ?? null]);
  return createHash('sha256').update(JSON.stringify([kind, sorted])).digest('hex');
}

export const isOrder = (kind: string): boolean => kind === 'buy' || kind === 'sell';
const SIDE_ZH: Record<string, string> = { buy: '买入', sell: '卖出' };

/** The gate's rules the checks apply. */
export interface AdmitRules {
  guardUnsettled: boolean;
  duplicateWindowMs?: number | undefined;
}

/** A replay of an earlier row, or leave to run (with the time, the parameters' hash and the row a retry reuses). */
export type Admission = { replay: JournalRow } | { now: Date; hash: string; retryOf: JournalRow | undefined };

/**
 * The checks before an order-type request may run: a key of today (conflict, in progress, a replay, or a retry of an
 * attempt that placed nothing), an identical keyless order of the same caller, the unsettled guard. Run before a buy
 * or sell waits for its turn (so a refusal comes at once) and again in its turn (things changed meanwhile).
 */
export function admit(store: JournalStore, t: OrderTicket, rules: AdmitRules, now: Date): Admission {
  const today = beijingDay(now);
  const hash = paramsHash(t.kind, t.params);
  let retryOf: JournalRow | undefined;
  if (t.idemKey) {
    const prior = store.byKey(today, t.idemKey);
    if (prior && prior.paramsHash !== hash) {
      throw new GatewayError('idempotency_conflict', `幂等键 ${t.idemKey} 今天已用于另一笔参数不同的委托（日志 #${String(prior.id)}）：换一个键，或用原来的参数重试。`, { details: { journal_id: prior.id } });
    }
    if (prior && (prior.state === 'received' || prior.state === 'sent')) {
      throw new GatewayError('idempotency_in_progress', `幂等键 ${t.idemKey} 的委托（日志 #${String(prior.id)}）正在执行：等它完成后再用同一个键重试，会得到它的结果。`, { details: { journal_id: prior.id } });
    }
    if (prior && prior.state !== 'not_sent' && prior.state !== 'abandoned') return { replay: prior };
    retryOf = prior;
  } else if (isOrder(t.kind)) {
    const windowMs = rules.duplicateWindowMs ?? 0;
    const dup = store.duplicateOf(today, hash, t.caller, new Date(now.getTime() - windowMs));
    if (dup) {
      const when = dup.state === 'received' || dup.state === 'sent' ? '正在执行' : `刚刚执行过（${String(Math.round(windowMs / 1000))} 秒内）`;
      throw new GatewayError('duplicate_in_flight', `同一调用方的相同委托（日志 #${String(dup.id)}）${when}，没有重复下单：确需再下一笔，请带一个新的幂等键（client_order_id）。(an identical order from this caller is in flight or just finished)`, { details: { journal_id: dup.id } });
    }
  }
  // A keyed retry of an attempt that placed nothing is still a new order: it meets the same guard.
  if (rules.guardUnsettled && isOrder(t.kind)) {
    const open = store.unsettled().find((r) => r.day === today && r.code === t.code && r.kind === t.kind);
    if (open) {
      throw new GatewayError('unsettled_order', `${String(t.code)} 的上一笔${SIDE_ZH[t.kind] ?? ''}（日志 #${String(open.id)}）结果未知，正在与客户端的当日委托对账；对账完成前不接受同代码同方向的新委托，以免重复下单。`, { details: { journal_id: open.id } });
    }
  }
  return { now, hash, retryOf };
}
