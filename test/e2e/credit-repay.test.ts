// 直接还款 and 直接还券 of a credit (融资融券) account through /direct_repay and /direct_return (issue 18), on the
// simulated backend (and the Win32 double where it runs): a repayment lowers 融资负债 and the cash by its amount on
// /credit_balance, a return lowers 融券负债 and the position, both journaled (a key's retry replays, nothing done
// twice); the client's refusals (more than owed, no short debt), the parameters' refusals, a cash client's 409 and a
// credit tree without the items (502 menu_item_not_found), each with nothing changed.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, simOnly, startServerProcess, withStateServer, type ServerProcess } from '../helpers/server-process.ts';
import { cents, credit, creditAccount, post } from '../helpers/credit.ts';

type Row = Record<string, unknown>;

/** Shares of a code held (/position), 0 when none. */
async function held(s: ServerProcess, code: string): Promise<number> {
  const r = await s.get('/position');
  const p = (r.body['message'] as Record<string, Row>)[code];
  return p === undefined ? 0 : Number(p['股票余额'] ?? p['实际数量'] ?? p['持仓数量'] ?? NaN);
}

for (const backend of e2eBackends()) describe(`e2e/credit-repay [${backend}]: 直接还款 and 直接还券 through the credit menu tree`, function () {
  this.timeout(240_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ statePath: freshState(creditAccount), backend });
    // Debts to repay: 1,000 600160 financed, 300 bought as collateral, 500 shorted (all fill at the last price 23.57).
    for (const [route, amount] of [['/margin_buy', 1000], ['/buy', 300], ['/short_sell', 500]] as const) {
      const r = await post(s, route, { stock_code: '600160', price: '23.57', amount });
      expect(r.body, `${route} ${JSON.stringify(r.body)}`).to.include({ status: 1 });
    }
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  it('a direct repayment of 1000.00 lowers 融资负债, 资金余额 and 可用资金 by 1000.00; its key\'s retry replays without repaying again', async () => {
    const before = await credit(s);
    expect(before['融资负债']).to.be.greaterThan(1000);
    const r = await post(s, '/direct_repay', { amount: '1000', client_order_id: 'repay-1' });
    expect(r.http, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 1 });
    expect(r.body['direct_repay']).to.deep.equal({ amount: '1000.00' });
    expect(r.body['journal_id']).to.be.a('number');
    expect(String(r.body['message'])).to.match(/^直接还款成功/);
    const after = await credit(s);
    expect(cents(before['融资负债']! - after['融资负债']!)).to.equal(1000);
    expect(cents(before['资金余额']! - after['资金余额']!)).to.equal(1000);
    expect(cents(before['可用资金']! - after['可用资金']!)).to.equal(1000);
    const again = await post(s, '/direct_repay', { amount: '1000', client_order_id: 'repay-1' });
    expect(again.body).to.include({ status: 1, replayed: true, journal_id: r.body['journal_id'] });
    expect(await credit(s), 'nothing repaid twice').to.deep.equal(after);
  });

  it('refuses a repayment above the financed debt with the client\'s text (HTTP 200, status -1, client_rejected), nothing repaid', async () => {
    const before = await credit(s);
    const r = await post(s, '/direct_repay', { amount: String(cents(before['融资负债']! + 0.01)) });
    expect(r.http, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: -1, error: 'client_rejected' });
    expect(String(r.body['message'])).to.match(/^还款金额超过应还融资负债/);
    expect(await credit(s)).to.deep.equal(before);
  });

  it('a direct return of 200 600160 lowers 融券负债 by 200 x the last price and the position by 200', async () => {
    const before = await credit(s);
    const shares = await held(s, '600160');
    const r = await post(s, '/direct_return', { stock_code: '600160', amount: 200 });
    expect(r.http, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 1, name: '巨化股份' });
    expect(r.body['direct_return']).to.deep.equal({ stock_code: '600160', exchange: 'SH', amount: 200 });
    const after = await credit(s);
    expect(cents(before['融券负债']! - after['融券负债']!)).to.equal(cents(200 * 23.57));
    expect(after['融券负债']).to.equal(cents(300 * 23.57));
    expect(await held(s, '600160')).to.equal(shares - 200);
  });

  it('refuses a return above the short debt, of a code without short debt, and above the shares held that are not financed', async () => {
    const before = await credit(s);
    const cases: Array<[Row, RegExp]> = [
      [{ stock_code: '600160', amount: 400 }, /^还券数量超过融券负债数量300/],
      [{ stock_code: '601212', amount: 100 }, /^证券代码\[601212\]没有融券负债/],
      [{ stock_code: '600160', amount: 150 }, /^还券数量超过可用于还券的持仓100股/],   // 1,100 held, 1,000 of them financed
    ];
    for (const [body, text] of cases) {
      const r = await post(s, '/direct_return', body);
      expect(r.body, JSON.stringify(r.body)).to.include({ status: -1, error: 'client_rejected' });
      expect(String(r.body['message'])).to.match(text);
    }
    expect(await credit(s)).to.deep.equal(before);
  });

  it('refuses bad parameters before the client, naming the field and the forms it takes', async () => {
    const cases: Array<[string, Row, string]> = [
      ['/direct_repay', {}, 'missing_parameter'],
      ['/direct_repay', { amount: '12.345' }, 'invalid_amount'],
      ['/direct_repay', { amount: '0' }, 'invalid_amount'],
      ['/direct_return', { stock_code: '600160', amount: '1.5' }, 'invalid_amount'],
      ['/direct_return', { stock_code: '60016', amount: 100 }, 'invalid_stock_code'],
    ];
    for (const [route, body, error] of cases) {
      const r = await post(s, route, body);
      expect(r.http, `${route} ${JSON.stringify(body)}`).to.equal(400);
      expect(r.body).to.include({ status: -1, error });
      expect(String(r.body['message'])).to.match(error === 'invalid_stock_code' ? /stock_code/ : /amount/);
    }
  });

  // Simulated only: two more servers; the worker's checks are the same PowerShell on either port, and the tree read
  // through user32 is taken by the cases above (docs/testing.md, "Both backends").
  simOnly(backend)('a cash account answers both 409 not_credit_account; a credit tree without 还款还券 answers 502 menu_item_not_found naming the path, nothing done', async () => {
    await withStateServer({ backend, edit: (st) => { st.account['type'] = 'cash'; } }, async (h) => {
      const balance = (await h.get('/balance')).body['message'];
      for (const [route, body] of [['/direct_repay', { amount: 100 }], ['/direct_return', { stock_code: '600160', amount: 100 }]] as const) {
        const r = await post(h, route, body);
        expect(r.http, route).to.equal(409);
        expect(r.body, route).to.include({ status: -1, error: 'not_credit_account' });
      }
      expect((await h.get('/balance')).body['message']).to.deep.equal(balance);
    });
    await withStateServer({ backend, edit: (st) => { creditAccount(st); st.client['creditRepayItems'] = false; } }, async (h) => {
      const before = await credit(h);
      const r = await post(h, '/direct_repay', { amount: 100 });
      expect(r.http, JSON.stringify(r.body)).to.equal(502);
      expect(r.body).to.include({ status: -1, error: 'menu_item_not_found' });
      expect(String(r.body['message'])).to.include('还款还券 → 直接还款');
      expect(await credit(h)).to.deep.equal(before);
    });
  });
});
