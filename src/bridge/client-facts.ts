// client-facts.ts - what the bridge learns about the client from the worker's replies, for /health: the last refresh
// (when, who asked, result), which path reads grids on this build (copy, captcha-ocr, export) and the broker link the
// client's status bar showed at the last read or effect (a result's brokerLink; a broker_disconnected refusal).

export type GridReadPath = 'copy' | 'captcha-ocr' | 'export';
export type RefreshTrigger = 'request' | 'keepalive';

export interface RefreshFact {
  at: string;
  trigger: RefreshTrigger;
  ok: boolean;
  /** How long the worker took (refresh command + the page's labels refilling). */
  ms: number | null;
  error: string | null;
}

export interface GridPathFact {
  /** copy: the grid copy command works; captcha-ocr: it works after an OCR-read captcha; export: save-to-file. */
  path: GridReadPath;
  at: string;
  /** The command whose grid read this was (position, orders, trades, ipo). */
  command: string;
  /** OCR attempts used on the captcha (0 when none was asked for or OCR could not run). */
  attempts: number;
  /** Why the captcha path did not work, when the export was used. */
  reason: string | null;
}

/** How grid reads went since the server started: reads per path, stale captchas closed, dialogs recreated. */
export interface GridReadCounts {
  copy: number;
  'captcha-ocr': number;
  export: number;
  /** Captcha dialogs left from an earlier copy, cancelled before a copy (refused even when answered right). */
  staleCaptchas: number;
  /** Captcha dialogs the client destroyed and reopened with a new code after a wrong answer. */
  recreatedCaptchas: number;
}

export type BrokerLinkState = 'up' | 'down' | 'unknown';

export interface BrokerLinkFact {
  /** up / down as the status bar said; unknown: no status bar (older builds) or none read yet. */
  state: BrokerLinkState;
  /** When the worker last read it (null before any read or effect). */
  at: string | null;
  /** The status bar's link cell (断开, 已连接) and the server name in the next cell (mncg…), when read. */
  text: string | null;
  server: string | null;
  /** Refreshes the worker sent because the link was down (one per read or effect at most). */
  reconnects: number;
}

export interface ClientFactsSnapshot {
  lastRefresh: RefreshFact | null;
  refreshes: number;
  keepaliveRefreshes: number;
  positionPath: GridPathFact | null;
  gridReads: GridReadCounts;
  brokerLink: BrokerLinkFact;
}

const GRID_PATHS: readonly string[] = ['copy', 'captcha-ocr', 'export'];

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Remembers the client facts carried by command replies (the supervisor calls `observe` for every outcome). */
export class ClientFacts {
  private lastRefresh: RefreshFact | null = null;
  private refreshes = 0;
  private keepaliveRefreshes = 0;
  private gridPath: GridPathFact | null = null;
  private readonly counts: GridReadCounts = { copy: 0, 'captcha-ocr': 0, export: 0, staleCaptchas: 0, recreatedCaptchas: 0 };
  private link: BrokerLinkFact = { state: 'unknown', at: null, text: null, server: null, reconnects: 0 };

  /** Records what one finished command says about the client. */
  observe(cmd: string, args: Record<string, unknown>, outcome: { ok: true; result: unknown } | { ok: false; error: string; code?: string | undefined }): void {
    const at = new Date().toISOString();
    this.observeLink(at, outcome);
    if (cmd === 'refresh') {
      const trigger: RefreshTrigger = args['trigger'] === 'keepalive' ? 'keepalive' : 'request';
      const ms = outcome.ok ? record(outcome.result)?.['ms'] : undefined;
      this.lastRefresh = { at, trigger, ok: outcome.ok, ms: typeof ms === 'number' ? ms : null, error: outcome.ok ? null : outcome.error };
      if (outcome.ok) {
        this.refreshes++;
        if (trigger === 'keepalive') this.keepaliveRefreshes++;
      }
      return;
    }
    if (!outcome.ok) return;
    const read = record(record(outcome.result)?.['read']);
    const path = read?.['path'];
    if (typeof path !== 'string' || !GRID_PATHS.includes(path)) return;
    const attempts = read?.['attempts'];
    const reason = read?.['reason'];
    this.gridPath = { path: path as GridReadPath, at, command: cmd, attempts: typeof attempts === 'number' ? attempts : 0, reason: typeof reason === 'string' ? reason : null };
    this.counts[path as GridReadPath]++;
    const count = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : 0);
    this.counts.staleCaptchas += count(read?.['stale']);
    this.counts.recreatedCaptchas += count(read?.['recreated']);
  }

  /** The broker link from a result's brokerLink (the worker's status-bar read) or a broker_disconnected refusal. */
  private observeLink(at: string, outcome: { ok: true; result: unknown } | { ok: false; error: string; code?: string | undefined }): void {
    if (!outcome.ok) {
      if (outcome.code === 'broker_disconnected') this.link = { ...this.link, state: 'down', at, reconnects: this.link.reconnects + 1 };
      return;
    }
    const seen = record(record(outcome.result)?.['brokerLink']);
    if (!seen) return;
    const state = seen['state'];
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    this.link = {
      state: state === 'up' || state === 'down' ? state : 'unknown',
      at: str(seen['at']) ?? at,
      text: str(seen['text']),
      server: str(seen['server']),
      reconnects: this.link.reconnects + (seen['refreshed'] === true ? 1 : 0),
    };
  }

  snapshot(): ClientFactsSnapshot {
    return {
      lastRefresh: this.lastRefresh, refreshes: this.refreshes, keepaliveRefreshes: this.keepaliveRefreshes, positionPath: this.gridPath,
      gridReads: { ...this.counts }, brokerLink: { ...this.link },
    };
  }
}
