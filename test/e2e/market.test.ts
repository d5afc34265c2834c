// Market orders (price_type on /buy and /sell: combo 1541), partial fills and resting orders that fill, end to end on
// the simulated client; the sim-only quote control (/sim/quote) where the worker holds the model.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';
import { FORMS, formFor, type Params } from '../helpers/forms.ts';

type Row = Record<string, unknown>;

async function orderRow(s: ServerProcess, no: string): Promise<Row> {
  const list = (await s.get('/orders')).body['message'] as Row[];
  const row = list.find((r) => r['合同编号'] === no);
  expect(row, `order ${no} in /orders`).to.not.equal(undefined);
  return row!;
}

async function placed(s: ServerProcess, side: 'buy' | 'sell', params: Params, i: number): Promise<string> {
  const [form, send] = formFor(i);
  const r = await send(s, `/${side}`, params);
  expect(r.body['status'], `${side} ${JSON.stringify(params)} (${form}): ${JSON.stringify(r.body)}`).to.equal(1);
  expect(String(r.body['message'])).to.match(/委托已成功提交，合同编号：\d+。$/);
  return String(r.body['entrust_no']);
}

// Quotes with a liquidity per move, so market orders fill in part; 000002 is added for the fill-or-kill case.
const edit = (st: SimStateFile): void => {
  st.quotes['000001']!['liquidity'] = 300;
  st.quotes['300750']!['liquidity'] = 100;
  st.quotes['601390']!['liquidity'] = 100;
  st.quotes['000002'] = { name: '万科Ａ', last: '10.00', limitUp: '11.00', limitDown: '9.00', exchange: 'SZ', liquidity: 100 };
};

for (const backend of e2eBackends()) describe(`e2e/market [${backend}]: market orders and partial fills on the simulated client`, function () {
  this.timeout(180_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ statePath: freshState(edit), backend });
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  describe('Shenzhen types', () => {
    it('对手方最优价格 (counterparty_best): fills what the market has, the rest rests (部成)', async () => {
      const no = await placed(s, 'buy', { stock_code: '000001', amount: 500, price_type: 'counterparty_best' }, 0);
      expect(await orderRow(s, no)).to.include({ 操作: '买入', 委托数量: 500, 成交数量: 300, 成交均价: 11.32, 备注: '部成' });
    });

    it('本方最优价格 by its Chinese name: a sell that fills in full (已成)', async () => {
      const no = await placed(s, 'sell', { stock_code: '002555', amount: 200, price_type: '本方最优价格' }, 1);
      expect(await orderRow(s, no)).to.include({ 操作: '卖出', 成交数量: 200, 成交均价: 16.52, 备注: '已成' });
    });

    it('即时成交剩余撤销 (ioc): fills what it can, the rest is cancelled (部撤)', async () => {
      const no = await placed(s, 'buy', { stock_code: '300750', amount: 200, price_type: 'IOC' }, 2);
      expect(await orderRow(s, no)).to.include({ 成交数量: 100, 成交均价: 250.1, 备注: '部撤' });
    });

    it('最优五档即时成交剩余撤销 (best5_ioc): fills in full when the market has enough', async () => {
      const no = await placed(s, 'buy', { stock_code: 'sz301236', amount: 100, price_type: 'best5_ioc' }, 0);
      expect(await orderRow(s, no)).to.include({ 成交数量: 100, 成交均价: 46.18, 备注: '已成' });
    });

    it('全额成交或撤销 (fok): all or nothing', async () => {
      const none = await placed(s, 'buy', { stock_code: '000002', amount: 200, price_type: 'fok' }, 1);
      expect(await orderRow(s, none)).to.include({ 成交数量: 0, 备注: '已撤' });
      const all = await placed(s, 'buy', { stock_code: '000002', amount: 100, price_type: '全额成交或撤销' }, 2);
      expect(await orderRow(s, all)).to.include({ 成交数量: 100, 成交均价: 10, 备注: '已成' });
    });
  });

  describe('Shanghai and STAR', () => {
    it('最优五档成交剩余撤销 (best5_ioc on Shanghai)', async () => {
      const no = await placed(s, 'buy', { stock_code: '600160', amount: 100, price_type: 'best5_ioc' }, 0);
      expect(await orderRow(s, no)).to.include({ 成交数量: 100, 成交均价: 23.57, 备注: '已成' });
    });

    it('最优五档成交剩余转限价 (best5_limit): the rest rests as a limit order at the last price', async () => {
      const no = await placed(s, 'buy', { stock_code: '601390', amount: 300, price_type: 'best5_limit' }, 1);
      expect(await orderRow(s, no)).to.include({ 委托价格: 5.62, 成交数量: 100, 备注: '部成' });
    });

    it('STAR (688) market order with its protection price: fills where the price allows', async () => {
      const no = await placed(s, 'buy', { stock_code: '688981', price: 90, amount: 200, price_type: 'best5_ioc' }, 2);
      expect(await orderRow(s, no)).to.include({ 委托价格: 90, 成交数量: 200, 成交均价: 88, 备注: '已成' });
    });

    it('STAR market order whose protection price the market is beyond: nothing fills, the rest is cancelled', async () => {
      const no = await placed(s, 'buy', { stock_code: '688981', price: 87, amount: 200, price_type: '最优五档成交剩余撤销' }, 0);
      expect(await orderRow(s, no)).to.include({ 成交数量: 0, 备注: '已撤' });
    });

    it('a limit order after market orders is a limit order again (combo back to 限价委托)', async () => {
      const no = await placed(s, 'buy', { stock_code: '600160', price: '21.21', amount: 100 }, 1);
      expect(await orderRow(s, no)).to.include({ 委托价格: 21.21, 成交数量: 0, 备注: '已报' });
      expect(s.state().orders.at(-1)).to.include({ priceType: 'limit', status: 'reported' });
    });
  });

  describe('refusals before the client', () => {
    const cases: Array<[string, 'buy' | 'sell', Params, string, string, RegExp]> = [
      ['a Shenzhen type on Shanghai', 'buy', { stock_code: '600160', amount: 100, price_type: 'ioc' }, 'invalid_price_type', 'price_type', /最优五档成交剩余撤销（best5_ioc）、最优五档成交剩余转限价（best5_limit）/],
      ['a Shanghai type on Shenzhen', 'sell', { stock_code: '000001', amount: 100, price_type: '最优五档成交剩余转限价' }, 'invalid_price_type', 'price_type', /对手方最优价格（counterparty_best）/],
      ['a market type on Beijing', 'buy', { stock_code: '430047', amount: 100, price_type: 'fok' }, 'invalid_price_type', 'price_type', /可用 limit/],
      ['an unknown type', 'buy', { stock_code: '000001', amount: 100, price_type: 'market' }, 'invalid_price_type', 'price_type', /不是已知的委托方式/],
      ['a STAR market order without its protection price', 'buy', { stock_code: '688981', amount: 200, price_type: 'best5_ioc' }, 'missing_parameter', 'price', /保护限价/],
      ['a price on a non-STAR market order', 'buy', { stock_code: '000001', price: 11.5, amount: 100, price_type: 'ioc' }, 'invalid_price', 'price', /不填 price/],
    ];
    cases.forEach(([what, side, params, code, field, text], i) => {
      const [form, send] = formFor(i);
      it(`refuses ${what}: 400 ${code} (${form})`, async () => {
        const before = s.state().orders.length;
        const r = await send(s, `/${side}`, params);
        expect(r.http).to.equal(400);
        expect(r.body).to.include({ status: -1, error: code, field });
        expect(String(r.body['message'])).to.match(text);
        expect(s.state().orders.length).to.equal(before);
      });
    });
  });

  if (backend === 'sim') {
    describe('resting orders filling as the quote moves (/sim/quote)', () => {
      it('fills a resting limit order in parts as liquidity comes, then in full', async () => {
        const no = await placed(s, 'buy', { stock_code: '600988', price: '18.00', amount: 300 }, 0);
        expect(await orderRow(s, no)).to.include({ 成交数量: 0, 备注: '已报' });
        const moves: Array<[number, string, Params]> = [
          [100, '部成', { stock_code: '600988', last: '18.00', liquidity: 100 }], // 100 shares trade per move from now on
          [200, '部成', { stock_code: 'sh600988', last: 17.99 }],
          [300, '已成', { stock_code: '600988.SH', last: '17.98', liquidity: 0 }], // 0: no limit any more
        ];
        let i = 0;
        for (const [filled, note, params] of moves) {
          const [form, send] = FORMS[i++ % FORMS.length]!;
          const r = await send(s, '/sim/quote', params);
          expect(r.body, form).to.include({ status: 1 });
          expect((r.body['fills'] as Row[]).map((f) => f['entrust_no'])).to.deep.equal([no]);
          expect(await orderRow(s, no)).to.include({ 成交数量: filled, 备注: note });
        }
        const row = await orderRow(s, no);
        expect(row['成交均价']).to.equal(17.99);
        const trades = ((await s.get('/trades')).body['message'] as Row[]).filter((t) => t['合同编号'] === no);
        expect(trades.map((t) => [t['成交数量'], t['成交均价']])).to.deep.equal([[100, 18], [100, 17.99], [100, 17.98]]);
      });

      it('fills the rest of a 转限价 order when the market comes back, and cancels a partly filled order as 部撤', async () => {
        const no = s.state().orders.find((o) => o['code'] === '601390')!['contractNo'] as string;
        const r = await s.get('/sim/quote?stock_code=601390&last=5.62');
        expect(r.body['fills']).to.deep.equal([{ entrust_no: no, amount: 100, price: 5.62 }]);
        expect(await orderRow(s, no)).to.include({ 成交数量: 200, 备注: '部成' });
        const c = await s.get(`/cancel?entrust_no=${no}`);
        expect(c.body).to.include({ status: 1 });
        expect(c.body['cancelled']).to.deep.equal([no]);
        expect(await orderRow(s, no)).to.include({ 成交数量: 200, 备注: '部撤' });
      });

      it('answers the new quote, and moves the limits', async () => {
        const r = await s.get('/sim/quote?stock_code=600160&last=22&limit_up=24.20&limit_down=19.80');
        expect(r.body).to.include({ status: 1 });
        expect(r.body['quote']).to.deep.equal({ stock_code: '600160', last: 22, limit_up: 24.2, limit_down: 19.8, liquidity: 0 });
        expect(s.state().quotes['600160']).to.include({ last: '22.00', limitUp: '24.20', limitDown: '19.80' });
      });

      it('refuses a quote move without last, or for a code the simulated client does not know', async () => {
        const missing = await s.get('/sim/quote?stock_code=600160');
        expect(missing.http).to.equal(400);
        expect(missing.body).to.include({ error: 'missing_parameter', field: 'last' });
        const unknown = await s.get('/sim/quote?stock_code=600000&last=10');
        expect(unknown.http).to.equal(400);
        expect(unknown.body).to.include({ error: 'invalid_stock_code' });
      });
    });
  } else {
    it('has no /sim/quote on the win32 backend (404 sim_only, the model lives in the controller)', async () => {
      const r = await s.get('/sim/quote?stock_code=600160&last=21.20');
      expect(r.http).to.equal(404);
      expect(r.body).to.include({ status: -1, error: 'sim_only' });
      expect(String(r.body['message'])).to.contain('--backend sim');
    });
  }
});
