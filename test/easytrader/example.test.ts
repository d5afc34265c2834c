// examples/easytrader_strategy.py, unchanged, against the real server on the simulated backend: easytrader's remote
// client is a stand-in here (test/fixtures/easytrader_standin, written from the protocol notes, not the library),
// since easytrader cannot be installed in this environment. The server has a token: the strategy sends it as
// basic auth, as easytrader's use(..., user=, passwd=) does.
import path from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { ROOT } from '../helpers/pwsh.ts';
import { STANDIN, startEtServer, type EtServer } from './helpers.ts';

/** Longest the strategy may run: a Python start plus a dozen calls on the simulated client. */
const STRATEGY_TIMEOUT_MS = 90_000;

const TOKEN = 'et-example-token-0123456789';

describe('easytrader/example: examples/easytrader_strategy.py runs against our server by changing host and port', function () {
  this.timeout(150_000);
  let s: EtServer;
  before(async () => {
    s = await startEtServer({ token: TOKEN });
  });
  after(async () => {
    await (s as EtServer | undefined)?.stop();
  });

  it('prepares, reads, buys, cancels, market-buys, sees a refusal raised and exits', async () => {
    const url = new URL(s.etUrl);
    const r = await execa('python3', [path.join(ROOT, 'examples', 'easytrader_strategy.py'), url.hostname, url.port], {
      env: { PYTHONPATH: STANDIN, THS_TOKEN: TOKEN, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      timeout: STRATEGY_TIMEOUT_MS,
      reject: false,
    });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).to.equal(0);
    const out = r.stdout;
    expect(out).to.contain("prepare: {'msg': 'login success'}");
    expect(out).to.contain('可用金额: 78919.91');
    expect(out).to.match(/buy entrust_no: 4025982646\n/);
    expect(out).to.match(/open orders: 4025982646\n/);
    expect(out).to.match(/cancel: .*撤单/);
    expect(out).to.match(/market_buy entrust_no: 4025982647\n/);
    expect(out).to.match(/sell refused: client_rejected: .+/);
    expect(out).to.match(/trade: 000001 100 /);
    expect(out).to.contain("exit: {'msg': 'exit success'}");
    const orders = s.state().orders;
    expect(orders.map((o) => [o['code'], o['priceType']])).to.deep.equal([['600160', 'limit'], ['000001', '对手方最优价格']]);
  });
});
