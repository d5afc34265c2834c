// accounts.ts - the accounts this server drives, one client each: its worker, its journal (in its own data folder),
// its order watcher. On the simulated backend one account per --sim-state file, numbered by the file's account.id
// (its 资金账号) and named by its account.name, each defaulting to the other and then to the file's base name; the
// Windows backend drives one client, or one per --client ACCOUNT=EXE (the trading window of that xiadan.exe)
// (docs/accounts.md).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { splitClient, type Config } from './config.ts';

export type AccountType = 'cash' | 'credit';

export interface AccountSpec {
  /** The account number (资金账号): the state file's account.id; its name when the file has none. */
  readonly id: string;
  /** What a caller may write instead of the number: the state file's account.name, else its base name (`cash` for
   * cash.json). Also the name of its data folder. */
  readonly name: string;
  readonly type: AccountType;
  /** The simulated client's state file (the simulated backend only). */
  readonly simState: string | undefined;
  /** The Windows backend with --client: the xiadan.exe whose trading window this account is. */
  readonly clientExe?: string | undefined;
  /** The Windows backend with --discover: the process whose trading window this account is (discovery.ts). */
  readonly clientPid?: number | undefined;
  /** With --discover: the shareholder accounts (股东帐户) its client's grids showed, which told it apart; `account=`
   * takes any of them too. */
  readonly shareholders?: readonly string[] | undefined;
  /** Where this account's journal and worker pid file live: the data dir itself when the server has one account,
   * else `<data-dir>/accounts/<number>` (locked, and marked with its number: account-folders.ts). */
  readonly dataDir: string;
}

export class AccountConfigError extends Error {}

/** The account's number for logs: its first two and last two characters, the rest starred (`88******01`). */
export function maskAccount(id: string): string {
  if (id.length <= 4) return '*'.repeat(id.length);
  return `${id.slice(0, 2)}${'*'.repeat(id.length - 4)}${id.slice(-2)}`;
}

/** What a state file says of its account: account.id, account.name and account.type, when the file exists and has
 * them. */
function stateAccount(file: string): { id?: string; name?: string; type?: unknown } {
  if (!existsSync(file)) return {};
  let state: unknown;
  try {
    state = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AccountConfigError(`--sim-state ${file}: 不是合法的 JSON（${(err as Error).message}）。(not valid JSON)`);
  }
  const account = (state as { account?: { id?: unknown; name?: unknown; type?: unknown } } | null)?.account;
  const id = account?.id;
  const name = account?.name;
  return {
    ...(typeof id === 'string' && id.trim() !== '' ? { id: id.trim() } : typeof id === 'number' ? { id: String(id) } : {}),
    ...(typeof name === 'string' ? { name: name.trim() } : name === undefined || name === null ? {} : { name: JSON.stringify(name) }),
    type: account?.type,
  };
}

/** A number or name an account folder and a URL can carry: letters, digits, `_`, `.` and `-`, 1 to 40, not `.` or `..`. */
const SAFE = /^[\w.-]{1,40}$/;

function checkSafe(file: string, what: string, v: string): void {
  if (!SAFE.test(v) || v === '.' || v === '..') {
    throw new AccountConfigError(`--sim-state ${file}: ${what} ${JSON.stringify(v)} 应为 1 到 40 个字母、数字、_ . -（不能是 . 或 ..）。(${what} must be 1-40 letters, digits, _ . -)`);
  }
}

/** A client --discover found and told apart: its account, numbered by the first of its shareholder accounts (sorted)
 * unless a folder of the data dir already holds one of them (`known`: its number, account-folders.ts), named as
 * numbered, its folder `<data-dir>/accounts/<number>`. */
export function discoveredSpec(dataDir: string, found: { pid: number; credit: boolean | null }, shareholders: readonly string[], known: string | undefined): AccountSpec {
  const sorted = [...shareholders].sort();
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a client is told apart by one at least
  const id = known ?? sorted[0]!;
  return { id, name: id, type: found.credit === true ? 'credit' : 'cash', simState: undefined, clientPid: found.pid, shareholders: sorted, dataDir: path.join(dataDir, 'accounts', id) };
}

/** The accounts of a config, in the order given; throws AccountConfigError naming the file for a bad or repeated one
 * (numbers and names are compared ignoring case: a Windows folder name does not tell case apart). */
export function accountSpecs(config: Pick<Config, 'backend' | 'simStates' | 'dataDir'> & Partial<Pick<Config, 'clients' | 'discover'>>): AccountSpec[] {
  // --discover: none at start; each trading window found becomes one (discovery.ts, discoveredSpec).
  if (config.backend !== 'sim' && config.discover === true) return [];
  if (config.backend !== 'sim') {
    const clients = config.clients ?? [];
    if (clients.length === 0) return [{ id: 'client', name: 'client', type: 'cash', simState: undefined, dataDir: config.dataDir }];
    // The account is named by the operator (the client shows no account number the worker can read for certain).
    return clients.map((c) => {
      const [name, exe] = splitClient(c);
      return { id: name, name, type: 'cash', simState: undefined, clientExe: exe, dataDir: clients.length > 1 ? path.join(config.dataDir, 'accounts', name) : config.dataDir };
    });
  }
  const several = config.simStates.length > 1;
  const out: AccountSpec[] = [];
  for (const file of config.simStates) {
    const found = stateAccount(file);
    const base = path.basename(file).replace(/\.json$/i, '');
    const name = found.name ?? base;
    const id = found.id ?? name;
    if (several) {
      checkSafe(file, found.id === undefined ? 'the account name (its number when account.id is not set)' : 'account.id', id);
      checkSafe(file, found.name === undefined ? 'the file name (the account name when account.name is not set)' : 'account.name', name);
    }
    const type = found.type ?? 'cash';
    if (type !== 'cash' && type !== 'credit') {
      throw new AccountConfigError(`--sim-state ${file}: account.type ${JSON.stringify(type)} 应为 "cash"（普通账户）或 "credit"（信用账户）。(account.type must be cash or credit)`);
    }
    const keys = [id.toLowerCase(), name.toLowerCase()];
    for (const other of out) {
      if ([other.id.toLowerCase(), other.name.toLowerCase()].some((k) => keys.includes(k))) {
        throw new AccountConfigError(`--sim-state ${file}: 账户 ${id}（${name}）与 ${other.simState ?? ''} 的账户 ${other.id}（${other.name}）重名：每个账户的号码和名称都必须不同，不分大小写（名称默认是文件名，可以在文件的 account.name 里另起）。(two accounts share a number or a name, ignoring case: rename a file or set account.name)`);
      }
    }
    out.push({ id, name, type, simState: file, dataDir: several ? path.join(config.dataDir, 'accounts', id) : config.dataDir });
  }
  return out;
}
