// The order core (every front door parses with ORDER_PARAMS): the exchange's rules are applied per side, with the
// registry code market_rule on the field that breaks them.
import { expect } from 'chai';
import { parseIpoCode } from '../../src/core/ipo.ts';
import { ORDER_PARAMS } from '../../src/core/order.ts';

function refusal(side: 'buy' | 'sell', raw: Record<string, unknown>): { code: unknown; field: unknown; message: string } | null {
  const r = ORDER_PARAMS[side].safeParse(raw);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  return { code: (issue as { params?: { errorCode?: unknown } }).params?.errorCode, field: issue.path[0], message: issue.message };
}

describe('core/order: the market rules applied by the order parameters', () => {
  it('refuses a 1-share main-board buy as market_rule on amount, stating the 100-share rule', () => {
    const r = refusal('buy', { stock_code: '600160', price: '21.21', amount: 1 });
    expect(r).to.deep.include({ code: 'market_rule', field: 'amount' });
    expect(r?.message).to.contain('100 股（份）或其整数倍');
  });

  it('lets the same 1-share order through as a sell (an odd remainder may be sold)', () => {
    expect(ORDER_PARAMS.sell.parse({ stock_code: '600160', price: '21.21', amount: 1 })).to.deep.include({ amount: 1, price: '21.21' });
  });

  it('refuses a 3-decimal price on a stock as market_rule on price, on a buy and on a sell', () => {
    for (const side of ['buy', 'sell'] as const) {
      const r = refusal(side, { stock_code: 'sz000001', price: '10.005', amount: 100 });
      expect(r, side).to.deep.include({ code: 'market_rule', field: 'price' });
      expect(r?.message).to.contain('0.01 元');
    }
  });

  it('accepts a 3-decimal price on an ETF and a STAR buy of 201 shares', () => {
    expect(ORDER_PARAMS.buy.parse({ stock_code: '510300', price: '3.456', amount: 1000 }).price).to.equal('3.456');
    expect(ORDER_PARAMS.buy.parse({ stock_code: '688981', price: '90.01', amount: 201 }).amount).to.equal(201);
  });

  it('checks the STAR protection price of a market order against the tick too', () => {
    const r = refusal('buy', { stock_code: '688981', price: '90.001', amount: 200, price_type: 'best5_ioc' });
    expect(r).to.deep.include({ code: 'market_rule', field: 'price' });
  });

  it('refuses a contradictory prefixed code before any rule, as invalid_stock_code on stock_code', () => {
    const r = ORDER_PARAMS.buy.safeParse({ stock_code: 'sz600160', price: '21.21', amount: 100 });
    expect(r.success).to.equal(false);
    expect(r.error?.issues[0]?.path).to.deep.equal(['stock_code']);
    expect(r.error?.issues[0]?.message).to.contain('600160 是上海证券交易所的代码');
  });
});

describe('core/ipo: subscription codes', () => {
  it('refuses a Shanghai 7xxxxx subscription code written with a Shenzhen or Beijing prefix or suffix', () => {
    for (const given of ['sz732689', 'BJ787518', '732689.SZ']) expect(parseIpoCode(given), given).to.have.property('error').that.contains('上海证券交易所的代码');
    expect(parseIpoCode('sh732689')).to.deep.equal({ code: '732689', exchange: 'SH' });
    expect(parseIpoCode('sz301236')).to.deep.equal({ code: '301236', exchange: 'SZ' });
  });
});
