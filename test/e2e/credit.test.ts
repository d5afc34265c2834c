// A credit (融资融券) account through /margin_buy, /short_sell, /buy_to_cover, /sell_to_repay and /credit_balance
// (issue 18), on both backends: the client's credit pages reached through its menu tree 513, a margin buy and a short
// sell changing the credit balance as the exchanges' formula says, the debts repaid and listed (负债明细, 标的证券), a plain /buy placed on the credit
// client's 担保品买入, the client's refusals, and a cash account refusing the credit routes before any click.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, withStateServer, type ServerProcess } from '../helpers/server-process.ts';
import { cents, credit, creditAccount, post } from '../helpers/credit.ts';

type Row = Record<string, unknown>;

async function orders(s: ServerProcess): Promise<Row[]> {
  const r = await s.get('/orders');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return r.body['message'] as Row[];
}

const fee = (x: number): number => Math.round(x * 100 + 1e-6) / 100;
/** The simulated client's fees (the sample's rates): commission 0.025% (at least 5), stamp duty 0.05% on sells, transfer 0.001%. */
function fees(value: number, side: 'buy' | 'sell'): number {
  return cents(Math.max(5, fee(value * 0.00025)) + (side === 'sell' ? fee(value * 0.0005) : 0) + fee(value * 0.00001));
}

for (const backend of e2eBackends()) describe(`e2e/credit [${backend}]: a margin account's credit pages through its menu tree`, function () {
  this.timeout(240_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ statePath: freshState(creditAccount), backend });
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  it('reads 查询资产: no debt (维持担保比例 无负债), and 可用保证金 = cash + holdings x 折算率 0.7', async () => {
    const r = await s.get('/credit_balance');
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1 });
    const m = r.body['message'] as Row;
    expect(Object.keys(m)).to.deep.equal(['维持担保比例', '可用保证金', '资金余额', '可用资金', '融券卖出资金', '总市值', '总资产', '融资负债', '融券负债', '总负债', '净资产']);
    expect(m).to.include({ 融资负债: '0.00', 融券负债: '0.00', 维持担保比例: '无负债' });
    const c = await credit(s);
    expect(cents(c['可用保证金']!)).to.equal(cents(c['可用资金']! + c['总市值']! * 0.7));
  });

  it('a margin buy (融资买入 1,000 600160 at 23.57) fills on the broker\'s cash: 融资负债 = value + fees, cash untouched, 可用保证金 down by the debt and the loss at the last price', async () => {
    const before = await credit(s);
    const r = await post(s, '/margin_buy', { stock_code: '600160', price: '23.57', amount: 1000 });
    expect(r.http, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 1, credit: 'marginBuy' });
    const no = String(r.body['entrust_no']);
    expect((await orders(s)).find((o) => o['合同编号'] === no)).to.include({ 证券代码: '600160', 操作: '融资买入', 委托数量: 1000, 成交数量: 1000, 备注: '已成' });
    const after = await credit(s);
    const debt = cents(23570 + fees(23570, 'buy'));
    expect(after['融资负债']).to.equal(debt);
    expect(after['可用资金'], 'the broker paid').to.equal(before['可用资金']);
    expect(cents(after['总市值']! - before['总市值']!)).to.equal(23570);
    // Financed shares count as (value - debt): here a loss of the fees, counted in full; and the debt x 融资保证金比例 1.0.
    expect(cents(before['可用保证金']! - after['可用保证金']!)).to.equal(cents(debt + (debt - 23570)));
    expect(after['维持担保比例']).to.be.closeTo((after['资金余额']! + after['融券卖出资金']! + after['总市值']!) / after['融资负债']! * 100, 0.01);
  });

  it('a short sell (融券卖出 500 600160 at 23.57) books the proceeds in 融券卖出资金 and the debt at market value; 可用保证金 falls as the formula says', async () => {
    const before = await credit(s);
    const r = await post(s, '/short_sell', { stock_code: '600160', price: 23.57, amount: '500' });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, credit: 'shortSell' });
    const no = String(r.body['entrust_no']);
    expect((await orders(s)).find((o) => o['合同编号'] === no)).to.include({ 操作: '融券卖出', 委托数量: 500, 成交数量: 500, 备注: '已成' });
    const after = await credit(s);
    const value = 11785;
    const proceeds = cents(value - fees(value, 'sell'));
    expect(after['融券负债']).to.equal(value);
    expect(cents(after['融券卖出资金']! - before['融券卖出资金']!)).to.equal(proceeds);
    expect(after['可用资金'], 'the proceeds are not available cash').to.equal(before['可用资金']);
    // + proceeds (cash) - short amount - short value x 融券保证金比例 1.0 (no gain or loss at the same price).
    expect(cents(after['可用保证金']! - before['可用保证金']!)).to.equal(cents(proceeds - value - value));
    expect(after['维持担保比例']).to.be.closeTo((after['资金余额']! + after['融券卖出资金']! + after['总市值']!) / (after['融资负债']! + after['融券负债']!) * 100, 0.01);
  });

  it('buy to cover (买券还券 500) returns the borrowed shares, paid from 融券卖出资金 first and the rest in cash: 融券负债 back to 0', async () => {
    const before = await credit(s);
    const r = await post(s, '/buy_to_cover', { stock_code: '600160', price: '23.57', amount: 500 });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, credit: 'buyToCover' });
    const after = await credit(s);
    expect(after['融券负债']).to.equal(0);
    const cost = cents(11785 + fees(11785, 'buy'));
    const fromProceeds = Math.min(cost, before['融券卖出资金']!);
    expect(cents(before['融券卖出资金']! - after['融券卖出资金']!)).to.equal(cents(fromProceeds));
    expect(cents(before['可用资金']! - after['可用资金']!)).to.equal(cents(cost - fromProceeds));
  });

  it('sell to repay (卖券还款 200 002555) pays the proceeds into 融资负债, not the cash', async () => {
    const before = await credit(s);
    const r = await post(s, '/sell_to_repay', { stock_code: '002555', price: '16.15', amount: 200 });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, credit: 'sellToRepay' });
    const no = String(r.body['entrust_no']);
    const row = (await orders(s)).find((o) => o['合同编号'] === no);
    expect(row).to.include({ 操作: '卖券还款', 备注: '已成' });
    const value = Number(row!['成交均价']) * 200;
    const after = await credit(s);
    expect(cents(before['融资负债']! - after['融资负债']!)).to.equal(cents(value - fees(value, 'sell')));
    expect(after['可用资金']).to.equal(before['可用资金']);
  });

  it('lists the debts in 负债明细 (the financed 600160 after the margin buy, no short after the cover) and the 标的证券 the state names', async () => {
    const debts = await s.get('/credit_debts');
    expect(debts.body['status'], debts.text).to.equal(1);
    const rows = debts.body['message'] as Row[];
    expect(rows.map((r) => [r['证券代码'], r['负债类型']])).to.deep.equal([['600160', '融资']]);
    expect(rows[0]).to.include({ 负债数量: 1000 });
    expect(rows[0]!['负债金额']).to.equal((await credit(s))['融资负债']);
    const securities = await s.get('/margin_securities');
    expect(securities.body['status'], securities.text).to.equal(1);
    const list = securities.body['message'] as Row[];
    expect(list.find((r) => r['证券代码'] === '600160')).to.include({ 融资标的: '是', 融券标的: '是', 可融券数量: 5000 });
  });

  it('a plain /buy on a credit client is its 担保品买入 (paid in cash)', async () => {
    const before = await credit(s);
    const r = await post(s, '/buy', { stock_code: '600160', price: '23.57', amount: 100 });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, credit: 'collateralBuy' });
    const no = String(r.body['entrust_no']);
    expect((await orders(s)).find((o) => o['合同编号'] === no)).to.include({ 操作: '担保品买入', 成交数量: 100 });
    expect(cents(before['可用资金']! - (await credit(s))['可用资金']!)).to.equal(cents(2357 + fees(2357, 'buy')));
  });

  it('passes on the client\'s refusals: a code that is no 融资标的, a short beyond what can be borrowed, a cover without a short', async () => {
    const count = (await orders(s)).length;
    const cases: Array<[string, Row, RegExp]> = [
      ['/margin_buy', { stock_code: '002555', price: '16.15', amount: 100 }, /不是融资标的证券/],
      ['/short_sell', { stock_code: '600160', price: '23.57', amount: 6000 }, /可融券数量不足，当前可融数量为5000/],
      ['/buy_to_cover', { stock_code: '600160', price: '23.57', amount: 100 }, /没有融券负债/],
    ];
    for (const [route, body, text] of cases) {
      const r = await post(s, route, body);
      expect(r.body, `${route} ${JSON.stringify(r.body)}`).to.include({ status: -1, error: 'client_rejected' });
      expect(String(r.body['message'])).to.match(text);
    }
    expect((await orders(s)).length, 'nothing placed').to.equal(count);
  });

  it('places a market margin buy (price_type) on 市价委托 -> 融资买入: filled at the last price, 融资负债 up by its cost; no other credit order is a market one', async () => {
    const before = await credit(s);
    const count = (await orders(s)).length;
    const r = await post(s, '/margin_buy', { stock_code: '600160', amount: 100, price_type: 'best5_ioc' });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, credit: 'marginBuy' });
    const placed = (await orders(s)).find((o) => String(o['合同编号']) === String(r.body['entrust_no']))!;
    expect([placed['操作'], placed['成交数量']]).to.deep.equal(['融资买入', 100]);
    const after = await credit(s);
    expect(cents(after['融资负债']! - before['融资负债']!), 'the buy at the last price 23.57 and its fees, all financed').to.equal(cents(2357 + fees(2357, 'buy')));
    // A credit account's plain buy is a 担保品买入, which has no market page: refused before anything is typed.
    const collateral = await post(s, '/buy', { stock_code: '600160', amount: 100, price_type: 'best5_ioc' });
    expect(collateral.http, JSON.stringify(collateral.body)).to.equal(400);
    expect(collateral.body).to.include({ status: -1, error: 'invalid_price_type' });
    expect((await orders(s)).length, 'one order placed, the margin buy').to.equal(count + 1);
  });

  it('takes limit orders only on the other credit routes (price_type is not their parameter) and refuses a reverse repo on the credit client (not_cash_account)', async () => {
    const count = (await orders(s)).length;
    const market = await post(s, '/short_sell', { stock_code: '600160', amount: 100, price_type: 'best5_ioc' });
    expect(market.http).to.equal(400);
    expect(market.body).to.include({ status: -1, error: 'unknown_parameter', field: 'price_type' });
    const repo = await post(s, '/repo', { stock_code: '204001', rate: '1.5', amount: 1 });
    expect(repo.http, JSON.stringify(repo.body)).to.equal(409);
    expect(repo.body).to.include({ status: -1, error: 'not_cash_account' });
    expect((await orders(s)).length, 'nothing placed').to.equal(count);
  });

  it('holds margin for a resting margin buy and the borrowed shares for a resting short, and their cancels give both back', async () => {
    const before = await credit(s);
    const lendable = async (): Promise<unknown> => ((await s.get('/margin_securities')).body['message'] as Row[]).find((r) => r['证券代码'] === '600160')!['可融券数量'];
    const lendBefore = await lendable();
    const buy = await post(s, '/margin_buy', { stock_code: '600160', price: '23.00', amount: 200 });   // under the last price: rests
    const short = await post(s, '/short_sell', { stock_code: '600160', price: '24.00', amount: 300 });   // over it: rests
    expect([buy.body['status'], short.body['status']], JSON.stringify([buy.body, short.body])).to.deep.equal([1, 1]);
    const resting = await credit(s);
    expect(cents(before['可用保证金']! - resting['可用保证金']!)).to.equal(cents(4600 + fees(4600, 'buy') + 7200));
    expect(await lendable()).to.equal(Number(lendBefore) - 300);
    // Two open orders on one code: the cancel page cannot pick one by number, so by side (the only open buy and sell).
    for (const scope of ['buy', 'sell']) {
      const c = await s.get(`/cancel?scope=${scope}`);
      expect(c.body, c.text).to.include({ status: 1 });
    }
    expect((await credit(s))['可用保证金']).to.equal(before['可用保证金']);
    expect(await lendable()).to.equal(lendBefore);
  });

  it('refuses a second resting cover beyond the short debt, and the first one\'s cancel gives its 融券卖出资金 back', async () => {
    await withStateServer({ backend, edit: creditAccount }, async (h) => {
      expect((await post(h, '/short_sell', { stock_code: '600160', price: '23.57', amount: 500 })).body).to.include({ status: 1 });
      const before = await credit(h);
      const first = await post(h, '/buy_to_cover', { stock_code: '600160', price: '23.00', amount: 300 });   // rests
      expect(first.body, JSON.stringify(first.body)).to.include({ status: 1 });
      const second = await post(h, '/buy_to_cover', { stock_code: '600160', price: '23.00', amount: 400 });
      expect(second.body).to.include({ status: -1, error: 'client_rejected' });
      expect(String(second.body['message'])).to.include('还券数量超过融券负债数量200');
      expect((await credit(h))['融券卖出资金'], 'held by the resting cover, still the account\'s').to.equal(before['融券卖出资金']);
      expect((await h.get(`/cancel?entrust_no=${String(first.body['entrust_no'])}`)).body).to.include({ status: 1 });
      expect(await credit(h)).to.deep.equal(before);
    });
  });

  it('refuses to place anything when the credit page shows no caption with the item\'s text (the page cannot be told from another): 502 page_not_found', async () => {
    await withStateServer({ backend, edit: (st) => { creditAccount(st); st.client['creditCaptions'] = false; } }, async (h) => {
      const count = (await orders(h)).length;
      const r = await post(h, '/margin_buy', { stock_code: '600160', price: '23.57', amount: 100 });
      expect(r.http, JSON.stringify(r.body)).to.equal(502);
      expect(r.body).to.include({ status: -1, error: 'page_not_found' });
      expect(String(r.body['message'])).to.include('融资买入');
      expect((await orders(h)).length, 'nothing placed').to.equal(count);
    });
  });

  it('a cash account answers every credit route 409 not_credit_account, with nothing placed', async () => {
    await withStateServer({ backend, edit: (st) => { st.account['type'] = 'cash'; } }, async (h) => {
      const count = (await orders(h)).length;
      for (const route of ['/margin_buy', '/short_sell', '/buy_to_cover', '/sell_to_repay']) {
        const r = await post(h, route, { stock_code: '600160', price: '23.57', amount: 100 });
        expect(r.http, route).to.equal(409);
        expect(r.body, route).to.include({ status: -1, error: 'not_credit_account' });
      }
      for (const route of ['/credit_balance', '/margin_securities', '/credit_debts']) {
        const b = await h.get(route);
        expect(b.http, route).to.equal(409);
        expect(b.body, route).to.include({ error: 'not_credit_account' });
      }
      expect((await orders(h)).length).to.equal(count);
    });
  });
});
