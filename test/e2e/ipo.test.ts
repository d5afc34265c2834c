// /ipo, /ipo/subscribe and /refresh end to end: HTTP -> bridge -> real pwsh -> the simulated client's 新股申购 page.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

type Item = Record<string, unknown>;
const OK = (no: string): string => `您的申购委托已成功提交，合同编号：${no}。`;
const clientInfo = async (s: ServerProcess): Promise<Record<string, Record<string, unknown> | null>> =>
  ((((await s.get('/health')).body['message'] as Item)['worker'] as Item)['client'] as Record<string, Record<string, unknown> | null>);

for (const backend of e2eBackends()) describe(`e2e/ipo [${backend}]: new-share subscription and refresh on the simulated client`, function () {
  this.timeout(180_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ backend });
  });
  after(async () => {
    await s.stop();
    await cleanupBackends();
  });

  it('lists today\'s new shares with each one\'s maximum subscription quantity', async () => {
    const r = await s.get('/ipo');
    expect(r.http).to.equal(200);
    expect(r.body['status']).to.equal(1);
    const rows = r.body['message'] as Item[];
    expect(rows.map((x) => [x['证券代码'], x['证券名称'], x['发行价'], x['可申购数量']])).to.deep.equal([
      ['732689', '瑞联申购', 18.62, 8000],
      ['787518', '星辰申购', 36.5, 5500],
      ['301591', '恒远科技', 19.4, 6500],
    ]);
    expect(Object.keys(rows[0]!).slice(0, 4)).to.deep.equal(['证券代码', '证券名称', '发行价', '可申购数量']);
  });

  it('subscribes one stock_code at its maximum and returns the client\'s text and contract number', async () => {
    const r = await s.get('/ipo/subscribe?stock_code=787518');
    expect(r.http).to.equal(200);
    expect(r.body['status']).to.equal(1);
    expect(r.body['message']).to.deep.equal([
      { stock_code: '787518', name: '星辰申购', price: '36.50', amount: 5500, status: 1, message: OK('4025982646'), entrust_no: '4025982646' },
    ]);
    const subs = (s.state() as unknown as { ipo: { subscriptions: Item[] } }).ipo.subscriptions;
    expect(subs.map((x) => [x['code'], Number(x['amount'])])).to.deep.equal([['787518', 5500]]);
  });

  it('subscribes all of them (POST JSON), one result per code, the one already subscribed refused by the client', async () => {
    const r = await s.get('/ipo/subscribe', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.http).to.equal(200);
    expect(r.body['status']).to.equal(-1);
    expect(r.body['error']).to.equal('client_rejected');
    const items = r.body['message'] as Item[];
    expect(items.map((x) => [x['stock_code'], x['status'], x['amount'], x['entrust_no']])).to.deep.equal([
      ['732689', 1, 8000, '4025982647'],
      ['787518', -1, 5500, null],
      ['301591', 1, 6500, '4025982648'],
    ]);
    expect(items[1]!['message']).to.equal('您已申购过该新股[787518]，不能重复申购。');
    expect(items[1]!['error']).to.equal('client_rejected');
  });

  it('refuses a second subscription of one code with the client\'s text (POST form)', async () => {
    const r = await s.get('/ipo/subscribe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'stock_code=sz301591' });
    expect(r.body).to.include({ status: -1, error: 'client_rejected' });
    expect((r.body['message'] as Item[])[0]).to.include({ stock_code: '301591', status: -1, message: '您已申购过该新股[301591]，不能重复申购。' });
  });

  it('answers a code that is not offered today with ipo_not_offered, and a bad code with 400', async () => {
    const r = await s.get('/ipo/subscribe?stock_code=600160');
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: -1, error: 'ipo_not_offered' });
    expect(r.body['message']).to.contain('732689');
    const bad = await s.get('/ipo/subscribe?stock_code=12345');
    expect(bad.http).to.equal(400);
    expect(bad.body).to.include({ error: 'invalid_stock_code' });
  });

  it('refreshes the client with /refresh and shows the last refresh in /health', async () => {
    const before = Number(s.state().client['refreshCount'] ?? 0);
    await s.get('/balance'); // the funds page showing: the refresh waits until its labels refill
    const r = await s.get('/refresh', { method: 'POST' });
    expect(r.http).to.equal(200);
    expect(r.body['status']).to.equal(1);
    expect((r.body['refresh'] as Item)['page']).to.equal(165);
    expect(Number(s.state().client['refreshCount'])).to.equal(before + 1);
    const last = (await clientInfo(s))['lastRefresh']!;
    expect(last).to.include({ trigger: 'request', ok: true, error: null });
    expect(Date.parse(String(last['at']))).to.be.greaterThan(Date.now() - 60_000);
  });
});
