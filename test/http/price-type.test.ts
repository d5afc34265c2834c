// price-type.test.ts - the price_type table: names and aliases per exchange, STAR, and the refusal texts.
import { expect } from 'chai';
import { MARKET_TYPES, isStar, parsePriceType, resolvePriceType } from '../../src/core/price-type.ts';
import { ORDER_PARAMS } from '../../src/core/order.ts';
import type { StockCode } from '../../src/core/market.ts';

const SZ: StockCode = { code: '000001', exchange: 'SZ' };
const SH: StockCode = { code: '600160', exchange: 'SH' };
const STAR: StockCode = { code: '688981', exchange: 'SH' };
const BJ: StockCode = { code: '430047', exchange: 'BJ' };

function resolve(v: unknown, code: StockCode): unknown {
  const input = parsePriceType(v);
  if ('error' in input) return input;
  return resolvePriceType(input, code);
}

describe('http/price-type: market-order types per exchange', () => {
  it('takes absent, empty, limit, 限价 and 限价委托 as a limit order', () => {
    for (const v of [undefined, null, '', 'limit', 'LIMIT', '限价', '限价委托']) expect(resolve(v, SZ), String(v)).to.equal(null);
  });

  it('resolves every Chinese name and alias on its own exchange to the client\'s name', () => {
    for (const t of MARKET_TYPES) {
      const code = t.exchange === 'SZ' ? SZ : SH;
      expect(resolve(t.name, code)).to.equal(t.name);
      expect(resolve(t.alias.toUpperCase(), code)).to.equal(t.name);
    }
  });

  it('maps best5_ioc to each exchange\'s own wording', () => {
    expect(resolve('best5_ioc', SZ)).to.equal('最优五档即时成交剩余撤销');
    expect(resolve('best5_ioc', SH)).to.equal('最优五档成交剩余撤销');
    expect(resolve('best5_ioc', STAR)).to.equal('最优五档成交剩余撤销');
  });

  it('refuses a type the exchange lacks, naming the valid ones', () => {
    const r = resolve('对手方最优价格', SH) as { error: string };
    expect(r.error).to.contain('最优五档成交剩余撤销（best5_ioc）').and.contain('最优五档成交剩余转限价（best5_limit）').and.contain('limit');
    expect((resolve('best5_limit', SZ) as { error: string }).error).to.contain('全额成交或撤销（fok）');
    expect((resolve('ioc', BJ) as { error: string }).error).to.contain('可用 limit（限价）');
  });

  it('refuses unknown types and non-text values', () => {
    expect(parsePriceType('market')).to.have.property('error');
    expect(parsePriceType(3)).to.have.property('error');
  });

  it('knows STAR codes (688 / 689 on Shanghai)', () => {
    expect(isStar(STAR)).to.equal(true);
    expect(isStar({ code: '689009', exchange: 'SH' })).to.equal(true);
    expect(isStar(SH)).to.equal(false);
  });

  it('parses /buy parameters into the client\'s name, with the STAR protection price kept as price', () => {
    const ok = ORDER_PARAMS.buy.parse({ stock_code: '688981', price: '90', amount: 200, price_type: 'best5_ioc' });
    expect(ok).to.deep.include({ price: '90', amount: 200, price_type: '最优五档成交剩余撤销' });
    expect(ORDER_PARAMS.buy.parse({ stock_code: '600160', price: '21.21', amount: 100 }).price_type).to.equal(null);
    const noProtection = ORDER_PARAMS.buy.safeParse({ stock_code: '688981', amount: 200, price_type: 'best5_ioc' });
    expect(noProtection.success).to.equal(false);
    expect(noProtection.error?.issues[0]).to.deep.include({ path: ['price'], params: { errorCode: 'missing_parameter' } });
  });
});
