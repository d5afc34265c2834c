// outcome.ts - what became of an order-type request (an order, a cancel, an IPO subscription): the journal records
// this and decides from it, never from how a front door renders the answer.
import { ERRORS, isErrorCode } from './errors.ts';
import { toJson } from './ordered.ts';
import type { Reply } from './reply.ts';

/**
 * accepted: the client took it (a contract number where it gave one); rejected: the client refused it;
 * unknown: it may have reached the client, its fate is read back later; not_sent: nothing reached the client.
 */
export type OutcomeKind = 'accepted' | 'rejected' | 'unknown' | 'not_sent';

export interface Outcome {
  kind: OutcomeKind;
  entrustNo: string | null;
  /** The client's or the gateway's text, as the caller read it. */
  text: string;
  /** The registry code of a failure (null when accepted). */
  errorCode: string | null;
}

/** The outcome an answer stands for: success is accepted; a failure by its registry code's outcome class. */
export function outcomeOf(reply: Reply): Outcome {
  const text = typeof reply.message === 'string' ? reply.message : toJson(reply.message);
  if (reply.status === 1) {
    const no = reply.extra['entrust_no'];
    return { kind: 'accepted', entrustNo: typeof no === 'string' ? no : null, text, errorCode: null };
  }
  const raw = reply.extra['error'];
  const code = typeof raw === 'string' && raw !== '' ? raw : 'internal';
  const cls = isErrorCode(code) ? (ERRORS[code] as { outcome?: 'rejected' | 'unknown' }).outcome : undefined;
  return { kind: cls ?? 'not_sent', entrustNo: null, text, errorCode: code };
}
