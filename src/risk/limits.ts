// limits.ts - applies the risk limits to a validated order before it reaches the client; each refusal names the
// limit, its value and the field, with a registry code. Orders that pass are counted for max_orders_per_minute (the
// account's) and overall.max_orders_per_minute (all accounts together).
import { GatewayError, type ErrorCode } from '../core/errors.ts';
import type { OrderParams } from '../core/order.ts';
import type { RiskLimits } from './config.ts';

/** The window max_orders_per_minute counts over. */
export const RATE_WINDOW_MS = 60_000;

/** Trading hours are in exchange time, whatever the machine's time zone. */
const EXCHANGE_TZ = 'Asia/Shanghai';
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: EXCHANGE_TZ, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Weekday (1 = Monday) and minute of the day of an instant in Beijing time. */
export function exchangeClock(at: Date): { weekday: number; minute: number; text: string } {
  const parts = Object.fromEntries(clockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = WEEKDAYS[parts['weekday'] ?? ''] ?? 0;
  const hh = Number(parts['hour']);
  const mm = Number(parts['minute']);
  return { weekday, minute: hh * 60 + mm, text: `${WEEKDAY_ZH[weekday]} ${parts['hour']}:${parts['minute']}` };
}

/** Price string ("21.21") times shares, in thousandths of a yuan, exactly. */
function valueMilli(price: string, amount: number): bigint {
  const [int, frac = ''] = price.split('.');
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- split() always yields a first part
  return BigInt(int! + frac.padEnd(3, '0')) * BigInt(amount);
}

function yuan(milli: bigint): string {
  const s = milli.toString().padStart(4, '0');
  return `${s.slice(0, -3)}.${s.slice(-3)}`.replace(/\.?0+$/, '');
}

function refuse(code: ErrorCode, message: string, limit: keyof RiskLimits | 'overall.max_orders_per_minute', value: unknown, field?: string, extra: Record<string, unknown> = {}): GatewayError {
  return new GatewayError(code, `风控拒绝（没有下单）：${message}`, { ...(field === undefined ? {} : { field }), details: { limit, limit_value: value, ...extra } });
}

/** The limits over all accounts together (the risk file's `overall`): one count of recent orders shared by every
 * account's OrderLimits. */
export class OverallLimits {
  readonly maxPerMinute: number | undefined;
  readonly recent: number[] = [];

  constructor(maxPerMinute: number | undefined) {
    this.maxPerMinute = maxPerMinute;
  }
}

/** Drops the times outside the last minute (and "future" times left by a clock set back). */
function keepLastMinute(recent: number[], t: number): void {
  const kept = recent.filter((x) => x > t - RATE_WINDOW_MS && x <= t);
  recent.splice(0, recent.length, ...kept);
}

/** The seconds until the oldest of `recent` leaves the window (at least 1). */
function retryAfter(recent: readonly number[], t: number): number {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- called with a full window
  return Math.max(1, Math.ceil((recent[0]! + RATE_WINDOW_MS - t) / 1000));
}

/** The risk limits of one account, with its recent-order times for the rate limit and the count shared by all
 * accounts (`overall`). */
export class OrderLimits {
  readonly limits: RiskLimits;
  private readonly recent: number[] = [];
  private readonly overall: OverallLimits | undefined;

  constructor(limits: RiskLimits, overall?: OverallLimits) {
    this.limits = limits;
    this.overall = overall?.maxPerMinute === undefined ? undefined : overall;
  }

  /** Throws the first limit the order breaks; otherwise counts the order (at `now`) for the rate limit and returns. */
  check(order: OrderParams, now: Date): void {
    const l = this.limits;
    const code = `${order.stock_code.code}.${order.stock_code.exchange}`;
    if (l.denied_codes?.includes(code)) {
      throw refuse('risk_code_denied', `stock_code ${code} 在禁止列表 denied_codes 中。(stock_code ${code} is in denied_codes)`, 'denied_codes', l.denied_codes, 'stock_code');
    }
    if (l.allowed_codes && !l.allowed_codes.includes(code)) {
      const shown = l.allowed_codes.length > 10 ? `${l.allowed_codes.slice(0, 10).join(', ')} …（共 ${l.allowed_codes.length} 个）` : l.allowed_codes.join(', ');
      throw refuse('risk_code_not_allowed', `stock_code ${code} 不在允许列表 allowed_codes（${shown}）中。(stock_code ${code} is not in allowed_codes)`, 'allowed_codes', l.allowed_codes, 'stock_code');
    }
    if (l.trading_hours) {
      const clock = exchangeClock(now);
      const open = clock.weekday >= 1 && clock.weekday <= 5 && l.trading_hours.some((w) => clock.minute >= w.start && clock.minute < w.end);
      if (!open) {
        const windows = l.trading_hours.map((w) => w.text);
        throw refuse('risk_outside_hours', `现在是北京时间 ${clock.text}，不在交易时段 trading_hours = ${windows.join(', ')}（周一至周五）内。(outside trading_hours ${windows.join(', ')} Asia/Shanghai, Mon-Fri)`, 'trading_hours', windows);
      }
    }
    if (l.max_shares_per_order !== undefined) {
      if (order.amount === 'max') {
        throw refuse('risk_unverifiable', `amount=max 的数量由客户端决定，无法检查上限 max_shares_per_order = ${l.max_shares_per_order} 股：请给出具体数量。(amount=max cannot be checked against max_shares_per_order = ${l.max_shares_per_order}; give a number)`, 'max_shares_per_order', l.max_shares_per_order, 'amount');
      }
      if (order.amount > l.max_shares_per_order) {
        throw refuse('risk_max_shares', `数量 ${order.amount} 股超过上限 max_shares_per_order = ${l.max_shares_per_order} 股。(amount ${order.amount} exceeds max_shares_per_order = ${l.max_shares_per_order})`, 'max_shares_per_order', l.max_shares_per_order, 'amount');
      }
    }
    if (l.max_order_value !== undefined) {
      if (order.amount === 'max') {
        throw refuse('risk_unverifiable', `amount=max 的数量由客户端决定，无法计算委托金额以检查上限 max_order_value = ${l.max_order_value} 元：请给出具体数量。(amount=max cannot be checked against max_order_value = ${l.max_order_value}; give a number)`, 'max_order_value', l.max_order_value, 'amount');
      }
      if (order.price === null) {
        throw refuse('risk_unverifiable', `没有给出 price（将使用客户端的默认价格），无法计算委托金额以检查上限 max_order_value = ${l.max_order_value} 元：请给出价格。(no price: the value cannot be checked against max_order_value = ${l.max_order_value}; give a price)`, 'max_order_value', l.max_order_value, 'price');
      }
      const value = valueMilli(order.price, order.amount);
      if (value > BigInt(Math.round(l.max_order_value * 1000))) {
        throw refuse('risk_max_value', `委托金额 ${order.price} × ${order.amount} = ${yuan(value)} 元，超过上限 max_order_value = ${l.max_order_value} 元。(price × amount = ${yuan(value)} exceeds max_order_value = ${l.max_order_value})`, 'max_order_value', l.max_order_value, 'amount');
      }
    }
    const t = now.getTime();
    if (l.max_orders_per_minute !== undefined) {
      keepLastMinute(this.recent, t);
      if (this.recent.length >= l.max_orders_per_minute) {
        const wait = retryAfter(this.recent, t);
        throw refuse('risk_rate_limited', `最近一分钟内已有 ${this.recent.length} 笔委托，达到上限 max_orders_per_minute = ${l.max_orders_per_minute}：请 ${wait} 秒后再试。(max_orders_per_minute = ${l.max_orders_per_minute} reached; retry in ${wait} s)`, 'max_orders_per_minute', l.max_orders_per_minute, undefined, { retry_after: wait });
      }
    }
    const all = this.overall;
    if (all?.maxPerMinute !== undefined) {
      keepLastMinute(all.recent, t);
      if (all.recent.length >= all.maxPerMinute) {
        const wait = retryAfter(all.recent, t);
        throw refuse('risk_rate_limited', `所有账户最近一分钟内合计已有 ${all.recent.length} 笔委托，达到上限 overall.max_orders_per_minute = ${all.maxPerMinute}：请 ${wait} 秒后再试。(overall.max_orders_per_minute = ${all.maxPerMinute} reached over all accounts; retry in ${wait} s)`, 'overall.max_orders_per_minute', all.maxPerMinute, undefined, { retry_after: wait });
      }
      all.recent.push(t);
    }
    if (l.max_orders_per_minute !== undefined) this.recent.push(t);
  }
}
