// discovery.ts - --discover on the Windows backend (docs/accounts.md): a scout worker lists every trading window of
// the desktop, every DISCOVERY_INTERVAL_MS. A client not known yet is told apart by the shareholder accounts (股东帐户)
// its own grids show (the scout reads them) and becomes an account of its own (the server's attach: its worker bound
// to that process, its journal in its folder); a known account's client found in a new process (it was restarted)
// moves that account's worker there; a window missing from GONE_AFTER_MISSES listings in a row is gone (its account's
// worker then drives no window until the client is told apart again: a process id the OS gives another client is
// never trusted). A window an account's worker drives is never read by the scout. A client whose grids show no row
// cannot be told apart: it is listed as such and tried again after IDENTIFY_RETRY_MS.
import type { Logger } from 'pino';
import type { WorkerSupervisor } from '../bridge/supervisor.ts';

/** How often the scout lists the desktop's trading windows (one window walk: cheap). */
export const DISCOVERY_INTERVAL_MS = 5_000;
/** How long a client that could not be told apart waits before its grids are read again (a grid copy may need a
 * captcha on 2025-26 builds: not every few seconds). */
export const IDENTIFY_RETRY_MS = 60_000;
/** A driven window missing from this many listings in a row is gone (one miss can be a busy client's tree read). */
export const GONE_AFTER_MISSES = 2;

/** A trading window the scout found (the worker's `clients` command). */
export interface FoundClient {
  pid: number;
  exe: string | null;
  title: string;
  visible: boolean;
  credit: boolean | null;
}

/** A window that is no account (yet): why, and since when it waits for the next try. */
export interface UnidentifiedClient extends FoundClient {
  reason: string;
  triedAt: string;
}

/** What the server does with a client told apart: an account's id when it drives it now (a new account, or one
 * moved to this process), else why not (the same account already open in another window). */
export type AttachResult = { account: string } | { refused: string };

export interface DiscoveryOptions {
  scout: WorkerSupervisor;
  logger: Logger;
  /** A client told apart by its shareholder accounts: the server's account for it. */
  attach: (found: FoundClient, shareholders: readonly string[], openPids: ReadonlySet<number>) => AttachResult;
  /** After each listing: the processes with a trading window now, and those of driven windows now gone. */
  seen: (openPids: ReadonlySet<number>, gonePids: ReadonlySet<number>) => void;
  /** Whether an account's worker drives (or may still drive) this process's window: the scout never reads it. */
  driven: (pid: number) => boolean;
  intervalMs?: number;
  retryMs?: number;
}

function parseClients(result: unknown): FoundClient[] {
  const list = (result as { clients?: unknown } | null)?.clients;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: Record<string, unknown>): FoundClient[] => (typeof c['pid'] === 'number'
    ? [{ pid: c['pid'], exe: typeof c['exe'] === 'string' ? c['exe'] : null, title: typeof c['title'] === 'string' ? c['title'] : '', visible: c['visible'] === true, credit: typeof c['credit'] === 'boolean' ? c['credit'] : null }]
    : []));
}

export class ClientDiscovery {
  private readonly opts: DiscoveryOptions;
  private readonly intervalMs: number;
  private readonly retryMs: number;
  /** Processes driven by an account: pid -> the account's id and how many listings in a row missed its window. */
  private readonly bound = new Map<number, { account: string; misses: number }>();
  /** Processes that are no account yet: pid -> the last try. */
  private readonly waiting = new Map<number, { at: number; client: UnidentifiedClient }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private scans = 0;

  constructor(opts: DiscoveryOptions) {
    this.opts = opts;
    this.intervalMs = opts.intervalMs ?? DISCOVERY_INTERVAL_MS;
    this.retryMs = opts.retryMs ?? IDENTIFY_RETRY_MS;
  }

  /** Scans at once, then every interval (never two scans at a time). */
  start(): void {
    const loop = (): void => {
      if (this.stopped) return;
      this.running = this.scan().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
      });
    };
    loop();
  }

  /** No scan starts from now on, and a running one hands nothing more to the server (its identify may still run:
   * stopping the scout ends it). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Resolves once no scan runs. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** The windows that are no account (yet), for GET /accounts. */
  unidentified(): UnidentifiedClient[] {
    return [...this.waiting.values()].map((w) => w.client);
  }

  health(): { scans: number; bound: number; waiting: number; scout: string } {
    return { scans: this.scans, bound: this.bound.size, waiting: this.waiting.size, scout: this.opts.scout.status };
  }

  /** One listing, and each new client told apart (one at a time: the scout is one worker). */
  async scan(): Promise<void> {
    const log = this.opts.logger;
    let found: FoundClient[];
    try {
      found = parseClients(await this.opts.scout.request('clients'));
    } catch (err) {
      log.warn({ err }, 'discover: the scout could not list the trading windows');
      return;
    }
    this.scans++;
    const open = new Set(found.map((c) => c.pid));
    const gone = new Set<number>();
    for (const [pid, b] of this.bound) {
      b.misses = open.has(pid) ? 0 : b.misses + 1;
      if (b.misses >= GONE_AFTER_MISSES) {
        this.bound.delete(pid);
        gone.add(pid);
      }
    }
    for (const pid of [...this.waiting.keys()]) if (!open.has(pid)) this.waiting.delete(pid);
    this.opts.seen(open, gone);
    for (const client of found) {
      if (this.stopped) return;
      if (this.bound.has(client.pid) || this.opts.driven(client.pid)) continue;
      const last = this.waiting.get(client.pid);
      if (last && Date.now() - last.at < this.retryMs) continue;
      const reason = await this.tryAttach(client, open);
      if (reason === undefined) this.waiting.delete(client.pid);
      else {
        this.waiting.set(client.pid, { at: Date.now(), client: { ...client, reason, triedAt: new Date().toISOString() } });
        log.warn({ pid: client.pid, reason }, 'discover: a trading window is not driven (yet)');
      }
    }
  }

  /** Tells a client apart and hands it to the server; undefined when an account drives it now, else why not. */
  private async tryAttach(client: FoundClient, open: ReadonlySet<number>): Promise<string | undefined> {
    let shareholders: string[];
    try {
      const r = await this.opts.scout.request('identify', { pid: client.pid }) as { shareholders?: unknown };
      shareholders = Array.isArray(r.shareholders) ? r.shareholders.map(String).filter((s) => s !== '') : [];
    } catch (err) {
      return `读不出这个客户端的股东帐户：${(err as Error).message}`;
    }
    if (this.stopped) return 'the server is stopping';
    if (shareholders.length === 0) {
      return '持仓和当日委托里都没有一行，读不出股东帐户，分不清是哪个账户：有持仓或委托后会再试。(no row in positions or orders: the account cannot be told yet)';
    }
    const r = this.opts.attach(client, shareholders, open);
    if ('refused' in r) return r.refused;
    this.bound.set(client.pid, { account: r.account, misses: 0 });
    return undefined;
  }
}
