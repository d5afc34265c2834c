// easytrader's remote protocol end to end: Python requests sending exactly what easytrader's client sends -> our
// easytrader port -> the one trading core -> the real worker -> the simulated client (simulated backend only: these
// are HTTP-level adapters; the window-port flows are covered on both backends by the e2e suites).
import { expect } from 'chai';
import { type SimStateFile } from '../helpers/server-process.ts';
import { orderBody, prepareBody, pyCall, pyCalls, startEtServer, type EtServer } from './helpers.ts';

type Row = Record<string, unknown>;

describe('easytrader/protocol: easytrader\'s remote calls get easytrader\'s answers', function () {
  this.timeout(120_000);
  let s: EtServer;
  before(async () => {
    s = await startEtServer();
  });
  after(async () => {
    await (s as EtServer | undefined)?.stop(); // unset when before() failed
  });

  it('answers /prepare for ths with 201 {"msg": "login success"} once the client is found', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/prepare', json: prepareBody() });
    expect(a.status).to.equal(201);
    expect(a.body).to.deep.equal({ msg: 'login success' });
  });

  it('refuses /prepare for another broker with a 400 naming the broker', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/prepare', json: prepareBody('ht_client') });
    expect(a.status).to.equal(400);
    expect(a.body).to.include({ code: 'invalid_body', field: 'broker' });
    expect(String((a.body as Row)['error'])).to.contain('ths');
  });

  it('answers /balance with the funds as numbers, in the client\'s order', async () => {
    const a = await pyCall(s.etUrl, { method: 'GET', path: '/balance' });
    expect(a.status).to.equal(200);
    expect(a.text).to.equal('{"资金余额":108328.65,"可用金额":78919.91,"可取金额":0,"股票市值":90113,"总资产":171154.59}');
  });

  it('answers /position with a list of rows keyed by the Chinese headers, codes and accounts as strings', async () => {
    const a = await pyCall(s.etUrl, { method: 'GET', path: '/position' });
    expect(a.status).to.equal(200);
    const rows = a.body as Row[];
    expect(rows.map((r) => r['证券代码'])).to.include.members(['002555', '600078', '688685']);
    const row = rows.find((r) => r['证券代码'] === '002555');
    expect(row).to.include({ 证券名称: '三七互娱', 股票余额: 200, 可用余额: 200, 冻结数量: 0, 成本价: 16.147, 股东帐户: '0123456789' });
  });

  it('places a buy: 201 {"entrust_no"}, listed in /today_entrusts and /cancel_entrusts with string codes and dates', async () => {
    const [buy, entrusts, open] = await pyCalls(s.etUrl, [
      { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 100) },
      { method: 'GET', path: '/today_entrusts' },
      { method: 'GET', path: '/cancel_entrusts' },
    ]);
    expect(buy!.status).to.equal(201);
    const no = (buy!.body as Row)['entrust_no'];
    expect(no).to.be.a('string').and.match(/^\d+$/);
    expect(Object.keys(buy!.body as Row)[0], 'entrust_no first, as easytrader returns it').to.equal('entrust_no');
    const row = (entrusts!.body as Row[]).find((r) => r['合同编号'] === no);
    expect(row).to.include({ 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 成交数量: 0, 备注: '已报' });
    expect(row!['委托日期']).to.be.a('string').and.match(/^\d{8}$/);
    expect((open!.body as Row[]).map((r) => r['合同编号'])).to.include(no);
    expect(s.state().orders.some((o) => String(o['contractNo'] ?? o['合同编号']) === no)).to.equal(true);
  });

  it('records an easytrader order in the journal like one of our own', async () => {
    const buy = await pyCall(s.etUrl, { method: 'POST', path: '/buy', json: orderBody('601212', 3.0, 100) });
    expect(buy.status).to.equal(201);
    const id = (buy.body as Row)['journal_id'];
    const row = (await s.get(`/journal/${String(id)}`)).body['message'] as Row;
    expect(row).to.include({ kind: 'buy', stock_code: '601212', state: 'accepted', entrust_no: (buy.body as Row)['entrust_no'] });
  });

  it('answers a client refusal with 400 and the client\'s own text in `error`', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/buy', json: orderBody('600160', 14.59, 100) });
    expect(a.status).to.equal(400);
    expect(a.body).to.include({ code: 'client_rejected' });
    expect((a.body as Row)['error']).to.equal('client_rejected: 提交失败：[600160:14.590]超过涨跌限制。25.93-21.21。');
  });

  it('places a market buy with easytrader\'s ttype as our market price type', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/market_buy', json: { security: '000001', amount: 100, kwargs: { ttype: '对手方最优价格' } } });
    expect(a.status, a.text).to.equal(201);
    const no = (a.body as Row)['entrust_no'];
    const order = s.state().orders.find((o) => String(o['contractNo']) === no);
    expect(order).to.include({ priceType: '对手方最优价格' });
  });

  it('uses the exchange\'s first market type when ttype is absent, and takes limit_price as the STAR protection price', async () => {
    const sh = await pyCall(s.etUrl, { method: 'POST', path: '/market_sell', json: { security: '600988', amount: 100, kwargs: {} } });
    expect(sh.status, sh.text).to.equal(201);
    expect(s.state().orders.find((o) => String(o['contractNo']) === (sh.body as Row)['entrust_no'])).to.include({ priceType: '最优五档成交剩余撤销' });
    const star = await pyCall(s.etUrl, { method: 'POST', path: '/market_buy', json: { security: '688182', amount: 200, kwargs: { ttype: '最优五档成交剩余撤销' } } });
    expect(star.status).to.equal(400);
    expect(star.body).to.include({ code: 'missing_parameter', field: 'kwargs.limit_price' });
  });

  it('refuses a ttype the exchange does not offer with a 400 naming kwargs.ttype', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/market_buy', json: { security: '600160', amount: 100, kwargs: { ttype: '对手方最优价格' } } });
    expect(a.status).to.equal(400);
    expect(a.body).to.include({ code: 'invalid_price_type', field: 'kwargs.ttype' });
  });

  it('cancels one order by /cancel_entrust (201) and it leaves /cancel_entrusts', async () => {
    const buy = await pyCall(s.etUrl, { method: 'POST', path: '/buy', json: orderBody('600988', 17.0, 100) });
    const no = String((buy.body as Row)['entrust_no']);
    const [cancel, open] = await pyCalls(s.etUrl, [
      { method: 'POST', path: '/cancel_entrust', json: { entrust_no: no } },
      { method: 'GET', path: '/cancel_entrusts' },
    ]);
    expect(cancel!.status, cancel!.text).to.equal(201);
    expect(cancel!.body).to.deep.include({ cancelled: [no] });
    expect(String((cancel!.body as Row)['message'])).to.contain('撤单');
    expect((open!.body as Row[]).map((r) => r['合同编号'])).to.not.include(no);
  });

  it('lists /today_trades with string contract and trade numbers', async () => {
    const a = await pyCall(s.etUrl, { method: 'GET', path: '/today_trades' });
    expect(a.status).to.equal(200);
    const trades = a.body as Row[];
    expect(trades.length).to.be.greaterThan(0);
    for (const t of trades) {
      expect(t['合同编号']).to.be.a('string');
      expect(t['成交编号']).to.be.a('string');
      expect(t['成交数量']).to.be.a('number');
    }
  });

  it('subscribes today\'s new shares with /auto_ipo through our IPO use case', async () => {
    const a = await pyCall(s.etUrl, { method: 'GET', path: '/auto_ipo' });
    expect(a.status, a.text).to.equal(200);
    expect(String((a.body as Row)['message'])).to.contain('732689');
    expect((a.body as Row)['results']).to.have.length(3);
    const subs = (s.state() as SimStateFile & { ipo: { subscriptions: unknown[] } }).ipo.subscriptions;
    expect(subs).to.have.length(3);
  });

  it('reads a body sent without a Content-Type as JSON', async () => {
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/buy', data: JSON.stringify(orderBody('600078', 5.87, 100)) });
    expect(a.status, a.text).to.equal(201);
    expect((a.body as Row)['entrust_no']).to.be.a('string');
  });

  it('refuses a body that gives a key twice, naming it, and places nothing', async () => {
    const before = s.state().orders.length;
    const a = await pyCall(s.etUrl, { method: 'POST', path: '/buy', data: '{"security": "600160", "price": 21.21, "amount": 100, "amount": 1000, "kwargs": {}}' });
    expect(a.status).to.equal(400);
    expect(a.body).to.include({ code: 'duplicate_parameter', field: 'amount' });
    expect(s.state().orders.length).to.equal(before);
  });

  it('answers /exit with 200 {"msg": "exit success"} and stops nothing', async () => {
    const [exit, balance] = await pyCalls(s.etUrl, [{ method: 'GET', path: '/exit' }, { method: 'GET', path: '/balance' }]);
    expect(exit!.status).to.equal(200);
    expect(exit!.body).to.deep.equal({ msg: 'exit success' });
    expect(balance!.status).to.equal(200);
    expect((await s.get('/health')).body['status']).to.equal(1);
  });

  it('refuses a bad security, an unknown kwargs key and a missing price with a 400 naming easytrader\'s field', async () => {
    const [code, kw, price] = await pyCalls(s.etUrl, [
      { method: 'POST', path: '/buy', json: orderBody('60016', 21.21, 100) },
      { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 100, { idempotency_kye: 'x' }) },
      { method: 'POST', path: '/sell', json: { security: '600160', price: null, amount: 100, kwargs: {} } },
    ]);
    expect([code!.status, kw!.status, price!.status]).to.deep.equal([400, 400, 400]);
    expect(code!.body).to.include({ code: 'invalid_stock_code', field: 'security' });
    expect(kw!.body).to.include({ code: 'unknown_parameter', field: 'kwargs.idempotency_kye' });
    expect(price!.body).to.include({ code: 'missing_parameter', field: 'price' });
  });

  it('answers an unknown route and a wrong method with JSON errors, never HTML', async () => {
    const [nope, wrong] = await pyCalls(s.etUrl, [{ method: 'GET', path: '/nope' }, { method: 'GET', path: '/buy' }]);
    expect(nope!.status).to.equal(404);
    expect(nope!.contentType).to.match(/^application\/json/);
    expect(String((nope!.body as Row)['error'])).to.match(/^not_found: /);
    expect(wrong!.status).to.equal(405);
    expect(wrong!.body).to.include({ code: 'method_not_allowed' });
  });

  it('refuses a foreign Host and a browser-marked order with the same guards as our own routes, as JSON', async () => {
    const [host, browser] = await pyCalls(s.etUrl, [
      { method: 'GET', path: '/balance', headers: { Host: 'evil.example:1430' } },
      { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 100), headers: { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Site': 'none', 'Upgrade-Insecure-Requests': '1' } },
    ]);
    expect(host!.status).to.equal(403);
    expect(host!.body).to.include({ code: 'host_not_allowed' });
    expect(browser!.status).to.equal(403);
    expect(browser!.body).to.include({ code: 'browser_request' });
  });

  it('replays an order sent twice with the same kwargs.idempotency_key, placing it once', async () => {
    const before = s.state().orders.length;
    const body = orderBody('600160', 21.3, 100, { idempotency_key: 'et-key-1' });
    const [first, again] = await pyCalls(s.etUrl, [{ method: 'POST', path: '/buy', json: body }, { method: 'POST', path: '/buy', json: body }]);
    expect(first!.status).to.equal(201);
    expect(again!.status).to.equal(201);
    expect((again!.body as Row)['entrust_no']).to.equal((first!.body as Row)['entrust_no']);
    expect(again!.body).to.include({ replayed: true });
    expect(s.state().orders.length).to.equal(before + 1);
  });

  it('refuses an identical keyless order sent again at once (the duplicate guard), placing it once', async () => {
    const before = s.state().orders.length;
    const body = orderBody('600160', 21.4, 100);
    const [first, again] = await pyCalls(s.etUrl, [{ method: 'POST', path: '/buy', json: body }, { method: 'POST', path: '/buy', json: body }]);
    expect(first!.status).to.equal(201);
    expect(again!.status).to.equal(409);
    expect(again!.body).to.include({ code: 'duplicate_in_flight' });
    expect(s.state().orders.length).to.equal(before + 1);
  });
});
