// Confirmations and the client's warnings end to end, through the real server process on each backend (issue 13's
// "A result popup is misread" and "Any 是否 / 确认 popup gets 是"): a 委托确认 that differs from the order is answered
// 否 (502 confirmation_mismatch), the client's warnings are answered 否 (client_warning) unless the risk config's
// accept_warnings lists their kind, and a result text the popup table does not know is never a success (504).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { ROOT } from '../helpers/pwsh.ts';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess, type SimStateFile, simOnly } from '../helpers/server-process.ts';

/** A sample account whose simulated client has these settings. */
const clientWith = (settings: Record<string, unknown>): string => freshState((s: SimStateFile) => Object.assign(s.client, settings));

/** A risk-config file with these keys. */
function riskConfig(config: Record<string, unknown>): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-risk-')), 'risk.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

for (const backend of e2eBackends()) describe(`e2e/confirm [${backend}]: confirmations checked and warnings answered 否 before anything is placed`, function () {
  // Popup-table and risk-config variations run on the simulated backend only (simOnly); the mismatch and the warnings run
  // on both.
  const onSim = simOnly(backend);
  this.timeout(240_000);
  after(cleanupBackends);

  let s: ServerProcess | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('answers a 委托确认 showing another amount 否: 502 confirmation_mismatch naming it, nothing placed', async () => {
    s = await startServerProcess({ backend, statePath: clientWith({ orderConfirm: true, confirmShows: { amount: '1000' } }) });
    const r = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(r.http).to.equal(502);
    expect(r.body).to.include({ status: -1, error: 'confirmation_mismatch' });
    expect(String(r.body['message'])).to.contain('委托数量：确认框 1000，请求 100');
    expect(s.state().orders, 'the simulated client holds no order').to.have.length(0);
    const journal = await s.get(`/journal/${String(r.body['journal_id'])}`);
    expect(journal.body['message']).to.deep.include({ state: 'rejected' });
  });

  it('answers a price-deviation and an ST warning 否: client_warning with the kind and the client\'s text, nothing placed', async () => {
    s = await startServerProcess({ backend, statePath: clientWith({ orderConfirm: true, warnPriceDeviationPct: 3, riskWarnings: true }) });
    const far = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(far.http).to.equal(200);
    expect(far.body).to.include({ status: -1, error: 'client_warning', warning: 'price_deviation', message: '委托价格21.21偏离最新价23.57达10.01%，超过3.00%的提示幅度，是否继续委托？' });
    const st = await s.get('/buy?stock_code=600078&price=5.87&amount=100');
    expect(st.body).to.include({ status: -1, error: 'client_warning', warning: 'risk_warning_stock', message: 'ST澄星(600078)为风险警示股票，买入前请了解相关风险。是否继续买入？' });
    expect(s.state().orders, 'the simulated client holds no order').to.have.length(0);
  });

  onSim('answers 是 to the kinds the risk config\'s accept_warnings lists, and places the orders', async () => {
    const risk = riskConfig({ accept_warnings: ['price_deviation', 'risk_warning_stock'] });
    s = await startServerProcess({ backend, statePath: clientWith({ orderConfirm: true, warnPriceDeviationPct: 3, riskWarnings: true }), args: ['--risk-config', risk] });
    const far = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(far.body).to.include({ status: 1, entrust_no: '4025982646' });
    expect(far.body['accepted_warnings']).to.deep.equal([{ kind: 'price_deviation', text: '委托价格21.21偏离最新价23.57达10.01%，超过3.00%的提示幅度，是否继续委托？' }]);
    const st = await s.get('/buy?stock_code=600078&price=5.87&amount=100');
    expect(st.body).to.include({ status: 1, entrust_no: '4025982647' });
    expect(st.body['accepted_warnings']).to.deep.equal([{ kind: 'risk_warning_stock', text: 'ST澄星(600078)为风险警示股票，买入前请了解相关风险。是否继续买入？' }]);
    expect(s.state().orders.map((o) => [o['code'], o['amount']])).to.deep.equal([['600160', 100], ['600078', 100]]);
  });

  onSim('never calls 委托未成功 or a text the popup table does not know a success: 504 outcome_unknown, reconciled', async () => {
    s = await startServerProcess({ backend, statePath: clientWith({ resultText: '委托未成功，请稍后重试' }) });
    const neg = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(neg.http).to.equal(504);
    expect(neg.body).to.include({ status: -1, error: 'outcome_unknown' });
    expect(String(neg.body['message'])).to.contain('委托未成功，请稍后重试');
    await s.stop();
    s = await startServerProcess({ backend, statePath: clientWith({ resultText: '委托已受理' }) });
    const unknown = await s.get('/sell?stock_code=601212&price=3.20&amount=100');
    expect(unknown.http).to.equal(504);
    expect(unknown.body).to.include({ status: -1, error: 'outcome_unknown' });
    const journal = await s.get(`/journal/${String(unknown.body['journal_id'])}`);
    expect(journal.body['message']).to.deep.include({ state: 'unknown' });
  });

  onSim('reports a broker-link failure text (事务处理机转发数据失败) as 504 broker_forward_failed, outcome unknown', async () => {
    s = await startServerProcess({ backend, statePath: clientWith({ resultText: '事务处理机转发数据失败' }) });
    const r = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    expect(r.http).to.equal(504);
    expect(r.body).to.include({ status: -1, error: 'broker_forward_failed' });
    expect(String(r.body['message'])).to.contain('事务处理机转发数据失败');
    const journal = await s.get(`/journal/${String(r.body['journal_id'])}`);
    expect(journal.body['message']).to.deep.include({ state: 'unknown' });
  });

  it('refuses to start with an accept_warnings kind the popup table does not have, naming the valid ones', async () => {
    const risk = riskConfig({ accept_warnings: ['st'] });
    const r = await execa(process.execPath, ['src/main.ts', '--port', '0', '--backend', 'sim', '--risk-config', risk], { cwd: ROOT, reject: false, timeout: 30_000, stdin: 'ignore' });
    expect(r.exitCode).to.equal(2);
    expect(r.stderr).to.match(/accept_warnings\.0: "st" is not a warning kind: use .*risk_warning_stock.*price_deviation/);
  });
});
