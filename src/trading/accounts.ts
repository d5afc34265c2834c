// accounts.ts - the accounts one server drives, as every front door sees them: each one's number, name, kind and
// trading core, and the choice of one by an `account` value (a number or a name). With one account the value is
// optional; with several and none given the answer is account_required, listing them (docs/accounts.md).
import { GatewayError } from '../core/errors.ts';
import type { Trading } from './trading.ts';

/** One account: its number (资金账号), the name a caller may use instead, its kind and its trading core. */
export interface AccountDoor {
  id: string;
  name: string;
  type: 'cash' | 'credit';
  trading: Trading;
  /** Other numbers `account=` takes for it (with --discover: its shareholder accounts, 股东帐户). */
  aliases?: readonly string[] | undefined;
  /** With --discover: its client's process and whether its window is open. */
  client?: (() => { pid: number; open: boolean } | undefined) | undefined;
}

/** The parameter (HTTP) or argument (MCP) that names the account. */
export const ACCOUNT_PARAM = 'account';

/** The accounts as the messages list them: `8801234501（cash）、8801234502（margin）`. */
export function listAccounts(doors: readonly AccountDoor[], sep = '、', open = '（', close = '）'): string {
  return doors.map((d) => (d.name === d.id ? d.id : `${d.id}${open}${d.name}${close}`)).join(sep);
}

/** The account an `account` value names (a number or a name; a JSON number is read as its digits), else the only
 * one (unless `always`: --discover, where a window not told apart yet may be the one the caller means); throws
 * account_required or unknown_account naming the accounts. */
export function pickAccount(doors: readonly AccountDoor[], given: unknown, always = false): AccountDoor {
  if (doors.length === 0) {
    // Only --discover starts without an account: none of the desktop's trading windows is told apart yet.
    throw new GatewayError('client_not_found', '还没有账户：--discover 还没有找到交易窗口，或者还分不清它是哪个账户（GET /accounts 列出找到的窗口和原因）。没有执行。(no account yet: no trading window found or told apart; GET /accounts lists the windows found)', { details: { accounts: [] } });
  }
  if (given === undefined || given === null || given === '') {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- one door
    if (doors.length === 1 && !always) return doors[0]!;
    throw new GatewayError('account_required', `这台服务管理 ${doors.length} 个账户${always ? '（--discover：账户随交易窗口出现，总要指明）' : ''}，请用 account 参数指明是哪一个：${listAccounts(doors)}。没有执行。(several accounts: name one with account=; nothing was done)`, { field: ACCOUNT_PARAM, details: { accounts: doors.map((d) => d.id) } });
  }
  const text = typeof given === 'number' && Number.isSafeInteger(given) && given >= 0 ? String(given) : typeof given === 'string' ? given.trim() : undefined;
  const door = text === undefined ? undefined : (doors.find((d) => d.id === text) ?? doors.find((d) => d.name === text) ?? doors.find((d) => d.aliases?.includes(text) === true));
  if (!door) {
    const shown = text === undefined ? JSON.stringify(given).slice(0, 40) : text.slice(0, 40);
    throw new GatewayError('unknown_account', `没有账户 ${shown}：这台服务的账户有 ${listAccounts(doors)}。没有执行。(no such account; nothing was done)`, { field: ACCOUNT_PARAM, details: { accounts: doors.map((d) => d.id) } });
  }
  return door;
}
