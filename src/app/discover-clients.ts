// discover-clients.ts - --discover's side of the server (docs/accounts.md): the scout worker, and what it finds becoming
// accounts while the server runs (discovery.ts finds and tells apart; this decides): a new account with its folder
// locked and its worker bound to the client's process, an account's worker moved to its client's new process, or a
// refusal (the same account open in two windows, a number another window's account has).
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { ROOT, VERSION, WORKER_SCRIPT } from './paths.ts';
import { discoveredSpec, maskAccount } from './accounts.ts';
import { AccountRuntime, workerArgs, type SharedSetup } from './account-runtime.ts';
import { AccountFolderError, accountOfShareholders, lockAccountFolder } from './account-folders.ts';
import type { DataLock } from './data-lock.ts';
import { ClientDiscovery, type AttachResult, type FoundClient } from './discovery.ts';
import { COMMAND_NAMES } from '../bridge/commands.ts';
import { WorkerSupervisor, type SupervisorOptions } from '../bridge/supervisor.ts';
import type { AccountDoor } from '../trading/accounts.ts';

/** Beside the data dir's lock with --discover: the pid of its scout worker (a crashed server's is ended). */
export const SCOUT_PID_FILE = 'scout.pid';

export interface DiscoverSetup {
  config: Config;
  logger: Logger;
  shared: SharedSetup;
  powershell: string;
  overrides: Partial<SupervisorOptions>;
  locked: boolean;
  /** The server's lists, grown here as clients are found. */
  accounts: AccountRuntime[];
  doors: AccountDoor[];
  doorOf: (a: AccountRuntime) => AccountDoor;
  folderLocks: DataLock[];
  /** The server listens: a new account's watchers start at once (before, with every account's). */
  listening: () => boolean;
}

/**
 * --discover: the scout worker (bound to no client) and what it finds becoming accounts (discovery.ts): a client told
 * apart by shareholder accounts no account has gets an account of its own (its folder locked, its worker bound to
 * that process); one an account has moves that account's worker (its client was restarted), unless that account's
 * window is still open (the same account logged in twice: the second window is not driven).
 */
export function discoverClients(d: DiscoverSetup): { scout: WorkerSupervisor; discovery: ClientDiscovery } {
  const { config, logger } = d;
  const log = logger.child({ component: 'discover' });
  const pidFile = d.locked ? { file: path.join(config.dataDir, SCOUT_PID_FILE), mark: path.basename(WORKER_SCRIPT), powershell: d.powershell } : undefined;
  const scout = new WorkerSupervisor({ powershell: d.powershell, args: workerArgs(config), cwd: ROOT, logger: log, expect: { commands: COMMAND_NAMES, scriptVersion: VERSION }, dryRun: config.dryRun, pidFile, ...d.overrides, standby: false });
  const attach = (found: FoundClient, shareholders: readonly string[], open: ReadonlySet<number>): AttachResult => {
    // The same broker account: one of these shareholder accounts is already an account's, or its folder lists one
    // (a client found again showing only its other market's number).
    const known = accountOfShareholders(config.dataDir, shareholders);
    const existing = d.accounts.find((a) => a.shareholders.some((s) => shareholders.includes(s)) || (known !== undefined && a.spec.id === known));
    if (existing) {
      const now = existing.client;
      if (now && now.open && now.pid !== found.pid && open.has(now.pid)) {
        return { refused: `账户 ${maskAccount(existing.spec.id)} 已经由进程 ${now.pid} 的交易窗口驱动：同一个账户的第二个窗口不驱动（关掉一个）。(the same account is open in another window: this one is not driven)` };
      }
      existing.addShareholders(shareholders, d.locked);
      if (!now?.open || now.pid !== found.pid) existing.rebind(found.pid);
      return { account: existing.spec.id };
    }
    const spec = discoveredSpec(config.dataDir, found, shareholders, known);
    if (d.accounts.some((a) => a.spec.id.toLowerCase() === spec.id.toLowerCase())) {
      return { refused: `账户号码 ${maskAccount(spec.id)} 已经属于另一个交易窗口的账户。(another window's account has this number)` };
    }
    if (d.locked) {
      try {
        d.folderLocks.push(lockAccountFolder(spec, { version: VERSION, port: config.port === 0 ? null : config.port }, logger));
      } catch (err) {
        if (err instanceof AccountFolderError) return { refused: err.message };
        throw err;
      }
    }
    const runtime = new AccountRuntime(spec, d.shared, true);
    d.accounts.push(runtime);
    d.doors.push(d.doorOf(runtime));
    runtime.startWorker(logger);
    if (d.listening()) runtime.startWatchers();
    log.info({ account: maskAccount(spec.id), pid: found.pid, type: spec.type, shareholders: spec.shareholders?.map(maskAccount) }, 'discover: a new account');
    return { account: spec.id };
  };
  const seen = (_open: ReadonlySet<number>, gone: ReadonlySet<number>): void => {
    for (const a of d.accounts) {
      if (a.client && gone.has(a.client.pid)) a.unbind();
      a.ensureBound();
    }
  };
  const driven = (pid: number): boolean => d.accounts.some((a) => a.drives(pid));
  return { scout, discovery: new ClientDiscovery({ scout, logger: log, attach, seen, driven }) };
}
