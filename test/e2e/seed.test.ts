// Every example of the seed README, end to end: HTTP -> bridge -> real pwsh -> simulated client.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { SEED_POSITIONS_TEXT } from '../helpers/seed-positions.ts';

export const SEED_BALANCE = { 资金余额: '108328.65', 可用金额: '78919.91', 可取金额: '0.00', 股票市值: '90113.00', 总资产: '171154.59' };
export { SEED_POSITIONS_TEXT } from '../helpers/seed-positions.ts';

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

for (const backend of e2eBackends()) describe(`e2e/seed [${backend}]: the seed README's examples on the simulated client`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  // The body encodings are the server's parsing, the same for every port: all three on the simulated backend, the
  // query string on win32.
  for (const [form, send] of backend === 'sim' ? forms : forms.slice(0, 1)) {
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
        expect(r.body).to.include({ status: -1, message: NO_SHARES, error: 'client_rejected' });
        expect(Object.keys(r.body).slice(0, 2), 'the seed\'s fields first').to.deep.equal(['status', 'message']);
      });
    });
  }
});
