// settle-help.ts - how the operator settles one journal row of unknown outcome: what to look for in the client first,
// and the two POST /journal/{id}/settle calls (curl) with the row's id filled in. Never the token: a placeholder.
import { beijingClock } from '../../core/clock.ts';
import { textOf } from '../../core/text.ts';

/** What the status page shows under an unsettled unknown order. */
export interface SettleHelp {
  check_zh: string;
  check_en: string;
  /** Contract numbers the last reconciliation found matching (more than one: ambiguous, the operator picks). */
  candidates: string[];
  /** The call when the order is in the client's today's orders (its contract number filled in when there is one candidate). */
  accepted: string;
  /** The call when it is certainly not there. */
  absent: string;
}

const SIDE_ZH: Record<string, string> = { buy: '买入', sell: '卖出', ipo: '申购', cancel: '撤单' };

/** The check and the settle calls for a row, sent to `base` (scheme://host:port); with the token header when one is set,
 * and `account` when the server has several. */
export function settleHelp(row: Record<string, unknown>, candidates: readonly string[], base: string, tokenRequired: boolean, account?: string): SettleHelp {
  const id = String(row['id']);
  const code = textOf(row['stock_code']);
  const kind = textOf(row['kind']);
  const what = [SIDE_ZH[kind] ?? kind, code, row['price'] === null ? '' : `价格 ${textOf(row['price'])}`, row['amount'] === null ? '' : `数量 ${textOf(row['amount'])}`].filter(Boolean).join('、');
  // The client's 委托时间 column is Beijing wall-clock time.
  const received = new Date(textOf(row['received_at']));
  const since = Number.isNaN(received.getTime()) ? textOf(row['received_at']) : beijingClock(received);
  const auth = tokenRequired ? ' -H "X-Ths-Token: $THS_TOKEN"' : '';
  // On a server with several accounts the call names this row's account (docs/accounts.md).
  const acct = account === undefined ? '' : ` -d account=${account}`;
  const url = `${base}/journal/${id}/settle`;
  const no = candidates.length === 1 ? candidates[0] ?? '' : '<合同编号>';
  return {
    check_zh: `先在同花顺客户端的「当日委托」里找这笔委托（${what}，委托时间约为北京时间 ${since} 或稍后）。找到了：用 accepted 和它的合同编号；确认没有：用 absent。不确定时先别对账，对账只记账，不会下单或撤单。`,
    check_en: `First look for this order in the client's today's orders (${kind} ${code}, placed at about ${since} Beijing time or a little later). Found: settle it accepted with its contract number; certainly not there: absent. Settling only records; it never places or cancels.`,
    candidates: [...candidates],
    accepted: `curl -X POST${auth}${acct} -d settlement=accepted -d "entrust_no=${no}" ${url}`,
    absent: `curl -X POST${auth}${acct} -d settlement=absent ${url}`,
  };
}
