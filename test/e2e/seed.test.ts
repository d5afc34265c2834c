// Every example of the seed README, end to end: HTTP -> bridge -> real pwsh -> simulated client.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

export const SEED_BALANCE = { 资金余额: '108328.65', 可用金额: '78919.91', 可取金额: '0.00', 股票市值: '90113.00', 总资产: '171154.59' };
export const SEED_POSITIONS_TEXT =
  '{"002555":{"证券名称":"三七互娱","冻结数量":0,"可用余额":200,"股票余额":200,"成本价":16.147},' +
  '"301236":{"证券名称":"软通动力","冻结数量":100,"可用余额":0,"股票余额":100,"成本价":44.784},' +
  '"600078":{"证券名称":"ST澄星","冻结数量":3800,"可用余额":3700,"股票余额":7500,"成本价":6.381},' +
  '"600988":{"证券名称":"赤峰黄金","冻结数量":0,"可用余额":400,"股票余额":400,"成本价":17.243},' +
  '"601212":{"证券名称":"白银有色","冻结数量":0,"可用余额":2400,"股票余额":2400,"成本价":2.991},' +
  '"601390":{"证券名称":"中国中铁","冻结数量":0,"可用余额":0,"股票余额":0,"成本价":0},' +
  '"688089":{"证券名称":"嘉必优","冻结数量":0,"可用余额":100,"股票余额":100,"成本价":3.263},' +
  '"688182":{"证券名称":"灿勤科技","冻结数量":0,"可用余额":400,"股票余额":400,"成本价":17.866},' +
  '"688685":{"证券名称":"迈信林","冻结数量":0,"可用余额":200,"股票余额":200,"成本价":48.536}}';

const PRICE_LIMIT = '提交失败：[600160:14.590]超过涨跌限制。25.93-21.21。';
const BUY_OK = '您的买入委托已成功提交，合同编号：4025982646。';
const NO_SHARES = '委托失败，可交易股数为0';

const qs = (p: Record<string, string | number>): string => new URLSearchParams(Object.entries(p).map(([k, v]): [string, string] => [k, String(v)])).toString();

type Send = (s: ServerProcess, side: string, params: Record<string, string | number>) => Promise<{ http: number; body: Record<string, unknown> }>;

const forms: Array<[string, Send]> = [
  ['GET query string', (s, side, p) => s.get(`/${side}?` + qs(p))],
  ['POST form (requests data=)', (s, side, p) => s.get(`/${side}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs(p) })],
  ['POST JSON (requests json=)', (s, side, p) => s.get(`/${side}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) })],
];

for (const backend of e2eBackends()) describe(`e2e/seed [${backend}]: the seed README\'s examples on the simulated client`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  for (const [form, send] of forms) {
    describe(`through ${form}`, () => {
      let s: ServerProcess;
      before(async () => {
        s = await startServerProcess({ backend });
      });
      after(async () => {
        await s.stop();
      });

      it('answers /balance with the seed\'s balance, in the seed\'s order', async () => {
        const r = form.startsWith('GET') ? await s.get('/balance') : await s.get('/balance', { method: 'POST' });
        expect(r.http).to.equal(200);
        expect(r.body).to.deep.equal({ status: 1, message: SEED_BALANCE });
        expect(Object.keys(r.body['message'] as object)).to.deep.equal(Object.keys(SEED_BALANCE));
      });

      it('answers /position with the seed\'s positions, keyed and ordered by code', async () => {
        const r = await s.get('/position');
        expect(r.http).to.equal(200);
        expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      });

      it('refuses a buy below the limit-down price with the client\'s own text', async () => {
        const r = await send(s, 'buy', { stock_code: '600160', price: 14.59, amount: 100 });
        expect(r.http).to.equal(200);
        expect(r.body['status']).to.equal(-1);
        expect(r.body['message']).to.equal(PRICE_LIMIT);
      });

      it('places a buy at 21.21 and returns the client\'s text and the contract number', async () => {
        const r = await send(s, 'buy', { stock_code: '600160', price: 21.21, amount: 100 });
        expect(r.http).to.equal(200);
        expect(r.body).to.include({ status: 1, message: BUY_OK, entrust_no: '4025982646' });
        const order = s.state().orders.find((o) => String(o['合同编号'] ?? o['contractNo']) === '4025982646');
        expect(order, 'the order is in the simulated client').to.not.equal(undefined);
      });

      it('refuses a sell of shares the account does not have with the client\'s text', async () => {
        const r = await send(s, 'sell', { stock_code: '600160', price: 21.21, amount: 100 });
        expect(r.http).to.equal(200);
        expect(r.body).to.deep.equal({ status: -1, message: NO_SHARES, error: 'client_rejected' });
      });
    });
  }
});
