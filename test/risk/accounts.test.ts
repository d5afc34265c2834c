// Risk limits with several accounts (docs/accounts.md, docs/security.md): an account's own section of the risk file
// replaces the top level's keys it names, and overall.max_orders_per_minute counts the orders of every account.
import { expect } from 'chai';
import { accountLimits, RiskConfigSchema } from '../../src/risk/config.ts';
import { OrderLimits, OverallLimits } from '../../src/risk/limits.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { ORDER_PARAMS, type OrderParams } from '../../src/core/order.ts';

function order(code: string, price: string, amount: number): OrderParams {
  return ORDER_PARAMS.buy.parse({ stock_code: code, price, amount });
}

function refusal(f: () => void): GatewayError {
  try {
    f();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const file = RiskConfigSchema.parse({
  max_order_value: 50_000,
  max_orders_per_minute: 2,
  accounts: { margin: { max_order_value: 2000 }, '8801234501': { denied_codes: ['600160'] } },
  overall: { max_orders_per_minute: 3 },
});

describe('risk/accounts: per-account limits and limits over all accounts', () => {
  it('gives an account its own section\'s keys (by name or number) and the top level\'s others', () => {
    const margin = accountLimits(file, '8801234502', 'margin');
    expect(margin).to.include({ max_order_value: 2000, max_orders_per_minute: 2 });
    const cash = accountLimits(file, '8801234501', 'cash');
    expect(cash).to.include({ max_order_value: 50_000 });
    expect(cash.denied_codes).to.deep.equal(['600160.SH']);
    expect(accountLimits(file, 'other', 'other')).to.not.have.property('denied_codes');
  });

  it('refuses on the account whose own limit it breaks, and lets the same order through on another', () => {
    const overall = new OverallLimits(undefined);
    const margin = new OrderLimits(accountLimits(file, '8801234502', 'margin'), overall);
    const other = new OrderLimits(accountLimits(file, '8801234503', 'other'), overall);
    const now = new Date('2026-12-07T02:00:00Z');
    const e = refusal(() => margin.check(order('600988', '18.06', 200), now));
    expect(e.code).to.equal('risk_max_value');
    expect(e.message).to.contain('2000');
    expect(() => other.check(order('600988', '18.06', 200), now)).to.not.throw();
  });

  it('counts every account\'s orders for overall.max_orders_per_minute (429 naming it, Retry-After), not the refused one for the account', () => {
    const overall = new OverallLimits(3);
    const a = new OrderLimits(accountLimits(file, 'a', 'a'), overall);
    const b = new OrderLimits(accountLimits(file, 'b', 'b'), overall);
    const t0 = new Date('2026-12-07T02:00:00Z');
    const at = (s: number): Date => new Date(t0.getTime() + s * 1000);
    a.check(order('600988', '18.06', 100), at(0));
    b.check(order('600988', '18.06', 100), at(10));
    a.check(order('600988', '18.06', 100), at(20));
    const e = refusal(() => b.check(order('600988', '18.06', 100), at(30)));
    expect([e.code, e.http, e.details?.['limit'], e.details?.['retry_after']]).to.deep.equal(['risk_rate_limited', 429, 'overall.max_orders_per_minute', 30]);
    // A minute after the first order the overall count has room again, and b passes its own limit of 2: its refused
    // order was not counted (counted, b would hold 10 s and 30 s and be refused by max_orders_per_minute).
    expect(() => b.check(order('600988', '18.06', 100), at(61))).to.not.throw();
    expect(refusal(() => a.check(order('600988', '18.06', 100), at(62))).details?.['limit']).to.equal('overall.max_orders_per_minute');
  });

  it('refuses unknown keys in an account\'s section and in overall, naming them and the keys taken', () => {
    const bad = RiskConfigSchema.safeParse({ accounts: { margin: { max_value: 1 } }, overall: { max_order_value: 1 } });
    expect(bad.success).to.equal(false);
    const text = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(text).to.contain('accounts.margin: unknown key max_value').and.to.contain('overall: unknown key max_order_value: overall takes max_orders_per_minute');
  });
});
