// account-folders.ts - the data folders of a server with several accounts (<data-dir>/accounts/<number>): each one
// locked like the data dir itself (so no other server, whatever its --data-dir, uses an account's journal or ends its
// worker) and marked with its account number, so that a folder is never opened for another account.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AccountSpec } from './accounts.ts';
import { DataDirLockedError, DataLock } from './data-lock.ts';

/** In each account folder: `{"account": "<number>"}` (with --discover also `"shareholders": [...]`, the shareholder
 * accounts that told its client apart), written when the folder is first used. */
export const ACCOUNT_MARK_FILE = 'account.json';

export class AccountFolderError extends Error {}

/** The number an account folder is marked with, or undefined when it has no mark yet. */
function markOf(dir: string): string | undefined {
  const file = path.join(dir, ACCOUNT_MARK_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const v = (JSON.parse(readFileSync(file, 'utf8')) as { account?: unknown }).account;
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return readFileSync(file, 'utf8').slice(0, 40);
  }
}

/** The account (its number) whose folder of `<data-dir>/accounts` is marked with one of these shareholder accounts,
 * or undefined: a client --discover found again (another day, another process) keeps its folder and journal, even
 * when its grids now show another of its shareholder accounts. */
export function accountOfShareholders(dataDir: string, shareholders: readonly string[]): string | undefined {
  const root = path.join(dataDir, 'accounts');
  if (!existsSync(root)) return undefined;
  for (const name of readdirSync(root).sort()) {
    const file = path.join(root, name, ACCOUNT_MARK_FILE);
    if (!existsSync(file)) continue;
    try {
      const mark = JSON.parse(readFileSync(file, 'utf8')) as { account?: unknown; shareholders?: unknown };
      const known = Array.isArray(mark.shareholders) ? mark.shareholders : [];
      if (typeof mark.account === 'string' && known.some((s) => shareholders.includes(String(s)))) return mark.account;
    } catch {
      // an unreadable mark names no shareholder: lockAccountFolder refuses the folder if it is this account's
    }
  }
  return undefined;
}

/** Locks and checks one account's folder (lockAccountFolders); the caller releases the lock. */
export function lockAccountFolder(spec: AccountSpec, info: { version: string; port: number | null }, logger: Logger): DataLock {
  mkdirSync(spec.dataDir, { recursive: true });
  let lock: DataLock;
  try {
    lock = DataLock.acquire(spec.dataDir, info, logger);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new AccountFolderError(`账户 ${spec.id} 的数据目录 ${spec.dataDir} 正被另一个服务使用：${err.message}`);
    throw new AccountFolderError(`账户 ${spec.id} 的数据目录 ${spec.dataDir} 无法加锁：${(err as Error).message}`);
  }
  const mark = markOf(spec.dataDir);
  if (mark !== undefined && mark !== spec.id) {
    lock.release();
    throw new AccountFolderError(`数据目录 ${spec.dataDir} 属于账户 ${mark}，不是 ${spec.id}：不打开它的委托日志（幂等键和对账会错到别的账户上）。请检查各 --sim-state 文件的 account.id。(the folder belongs to another account)`);
  }
  if (mark === undefined) writeFileSync(path.join(spec.dataDir, ACCOUNT_MARK_FILE), JSON.stringify({ account: spec.id, ...(spec.shareholders ? { shareholders: spec.shareholders } : {}) }) + '\n');
  else if (spec.shareholders) addShareholderMarks(spec.dataDir, spec.id, spec.shareholders);
  return lock;
}

/** (--discover) Adds shareholder accounts to a folder's mark, none dropped (a client found again may show one its
 * folder does not list yet); returns them all, sorted. */
export function addShareholderMarks(dir: string, id: string, shareholders: readonly string[]): string[] {
  const file = path.join(dir, ACCOUNT_MARK_FILE);
  const known = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { shareholders?: unknown }).shareholders : undefined;
  const before = Array.isArray(known) ? known.map(String) : [];
  const all = [...new Set([...before, ...shareholders])].sort();
  if (all.length !== before.length) writeFileSync(file, JSON.stringify({ account: id, shareholders: all }) + '\n');
  return all;
}

/**
 * Locks and checks the folder of each account (several accounts only; with one, the data dir's own lock covers it).
 * Returns the locks (release them when the server stops); on any failure releases those taken and throws
 * AccountFolderError saying which folder and why.
 */
export function lockAccountFolders(specs: readonly AccountSpec[], info: { version: string; port: number | null }, logger: Logger): DataLock[] {
  if (specs.length < 2) return [];
  const locks: DataLock[] = [];
  try {
    for (const spec of specs) locks.push(lockAccountFolder(spec, info, logger));
  } catch (err) {
    for (const l of locks) l.release();
    throw err;
  }
  return locks;
}
