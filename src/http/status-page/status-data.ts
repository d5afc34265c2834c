// status-data.ts - what the status page shows, as one JSON object (GET /status.json): the worker and the client it
// drives, today's journal rows (unknown ones with how to settle them), the last errors and the security setup. Only
// reads the trading core; never the token itself.
import { beijingDay } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import { textOf } from '../../core/text.ts';
import type { Trading } from '../../trading/trading.ts';
import { settleHelp, type SettleHelp } from './settle-help.ts';

/** How often the page asks for this data again. */
export const STATUS_REFRESH_MS = 3000;

/** Most journal refusals listed among the last errors (the full list is in the orders table). */
export const RECENT_REFUSALS = 5;

/** The HTTP app's security options the page reports (whether a token is set, never the token). */
export interface PageSetup {
  tokenRequired: boolean;
  tokenInQuery: boolean;
  allowHosts: readonly string[];
  allowOrigins: readonly string[];
}

/** One of the last errors: where it happened, when, what it said. */
export interface StatusError {
  where: string;
  at: string | null;
  text: string;
}

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A journal row as the page's orders table reads it; `settle` only on an unknown row nobody has settled yet. */
function orderRow(r: Obj, base: string, setup: PageSetup, account: string | undefined): Obj {
  const rec = r['reconciliation'] === null ? null : obj(r['reconciliation']);
  const candidates = Array.isArray(rec?.['candidates']) ? (rec['candidates'] as unknown[]).map(String) : [];
  const unsettled = r['state'] === 'unknown' && r['settlement'] === null;
  const settle: SettleHelp | null = unsettled ? settleHelp(r, candidates, base, setup.tokenRequired, account) : null;
  return {
    id: r['id'], kind: r['kind'], stock_code: r['stock_code'], price: r['price'], amount: r['amount'], state: r['state'],
    submitted: r['submitted'], entrust_no: r['entrust_no'], client_text: r['client_text'], error: r['error'],
    settlement: r['settlement'], settled_how: r['settled_how'], client_order_id: r['client_order_id'],
    received_at: r['received_at'], finished_at: r['finished_at'],
    last_decision: rec?.['last_decision'] ?? null, unsettled, settle,
  };
}

/** The risk limits in short (the hours as written); null when none are configured. */
function riskSummary(risk: Obj | null): Obj | null {
  if (risk === null) return null;
  const out: Obj = {};
  for (const [k, v] of Object.entries(risk)) {
    out[k] = k === 'trading_hours' && Array.isArray(v) ? v.map((h) => obj(h)['text']) : v;
  }
  return out;
}

/** The last errors from the worker, its spare, the client facts, the journal and today's refused orders. */
function lastErrors(worker: Obj, journal: Obj | null, journalError: string | null, rows: Obj[]): StatusError[] {
  const out: StatusError[] = [];
  const add = (where: string, e: unknown): void => {
    const o = obj(e);
    const text = strOrNull(o['message']);
    if (text !== null) out.push({ where, at: strOrNull(o['at']), text });
  };
  add('工作进程 worker', worker['lastError']);
  add('备用工作进程 standby worker', obj(worker['standby'])['lastError']);
  const client = obj(worker['client']);
  const refresh = obj(client['lastRefresh']);
  if (refresh['ok'] === false) out.push({ where: '刷新 refresh', at: strOrNull(refresh['at']), text: textOf(refresh['error']) });
  const link = obj(client['brokerLink']);
  if (link['state'] === 'down') out.push({ where: '券商连接 broker link', at: strOrNull(link['at']), text: `${textOf(link['text'] ?? '断开')} ${textOf(link['server'])}`.trim() });
  if (journalError !== null) out.push({ where: '委托日志 journal', at: null, text: journalError });
  const failure = obj(journal?.['lastFailure']);
  if (typeof failure['message'] === 'string') out.push({ where: `委托日志写入 journal write (${String(failure['what'])})`, at: strOrNull(failure['at']), text: failure['message'] });
  const refused = rows.filter((r) => r['error'] !== null && r['error'] !== undefined).slice(-RECENT_REFUSALS).reverse();
  for (const r of refused) {
    out.push({ where: `委托 order #${String(r['id'])} (${String(r['error'])})`, at: strOrNull(r['finished_at']) ?? strOrNull(r['received_at']), text: strOrNull(r['client_text']) ?? String(r['error']) });
  }
  return out;
}

/** Everything the status page shows; `base` is the page's own scheme://host:port (for the settle calls), `account`
 * the account the page shows when the server has several. */
export function statusData(trading: Trading, setup: PageSetup, base: string, account?: string): Obj {
  const { worker, server } = trading.health();
  const w = worker as unknown as Obj;
  const safety = trading.safety();
  const day = beijingDay();
  let rows: Obj[] | null = null;
  let journalError = strOrNull(safety.journal?.['error']);
  if (trading.hasJournal) {
    try {
      rows = trading.journalDay(day);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      rows = null;
      journalError ??= err.message;
    }
  }
  const client = obj(w['client']);
  const standby = w['standby'] === null || w['standby'] === undefined ? null : obj(w['standby']);
  const orders = rows === null ? null : rows.map((r) => orderRow(r, base, setup, account));
  return {
    at: new Date().toISOString(),
    day,
    refresh_ms: STATUS_REFRESH_MS,
    worker: {
      state: worker.state, backend: worker.backend, pid: worker.pid, script_version: worker.scriptVersion,
      powershell: worker.psVersion === null ? null : `${worker.psVersion} ${worker.psEdition ?? ''}`.trim(), language_mode: worker.languageMode,
      window_found: worker.windowFound, uptime_ms: worker.workerUptimeMs, restarts: worker.restarts, queued: worker.queued,
      in_flight: worker.inFlight, broker_link: client['brokerLink'] ?? null, last_refresh: client['lastRefresh'] ?? null,
      standby: standby === null ? null : { enabled: standby['enabled'], state: standby['state'], pid: standby['pid'], promotions: standby['promotions'] },
    },
    server: { version: server['version'] ?? null, uptime_ms: server['uptimeMs'] ?? null },
    journal: safety.journal === null ? null : {
      open: safety.journal['open'], writable: safety.journal['writable'], unsettled: safety.journal['unsettled'],
      pending_writes: safety.journal['pendingWrites'] ?? 0, error: journalError,
    },
    orders,
    unsettled: orders === null ? 0 : orders.filter((o) => o['unsettled'] === true).length,
    errors: lastErrors(w, safety.journal, journalError, rows ?? []),
    security: {
      token_required: setup.tokenRequired, token_in_query: setup.tokenInQuery, allow_hosts: [...setup.allowHosts],
      allow_origins: [...setup.allowOrigins], dry_run: safety.dryRun, risk: riskSummary(safety.risk),
    },
  };
}
