// easytrader's port under our safety rules, end to end on the simulated backend: the token as HTTP basic auth
// (easytrader's use(..., user=, passwd=)), dry-run, risk limits, and an unknown outcome that never looks like success.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freshState } from '../helpers/server-process.ts';
import { orderBody, pyCall, pyCalls, startEtServer, type EtServer } from './helpers.ts';

type Row = Record<string, unknown>;

const TOKEN = 'et-test-token-0123456789';

/** A file in a fresh temp dir holding `text`. */
function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-et-')), name);
  writeFileSync(file, text);
  return file;
}

describe('easytrader/safety: the token, dry-run, risk limits and unknown outcomes on easytrader\'s port', function () {
  this.timeout(120_000);

  describe('with a token', () => {
    let s: EtServer;
    before(async () => {
      s = await startEtServer({ token: TOKEN });
    });
    after(async () => {
      await (s as EtServer | undefined)?.stop();
    });

    it('accepts the token as the basic-auth password, whatever the user name', async () => {
      const [a, b] = await pyCalls(s.etUrl, [{ method: 'GET', path: '/balance' }, { method: 'GET', path: '/position' }], ['anyone', TOKEN]);
      expect(a!.status).to.equal(200);
      expect(b!.status).to.equal(200);
      expect((a!.body as Row)['可用金额']).to.equal(78919.91);
    });

    it('refuses a wrong basic-auth password with 401 and a JSON error, never echoing it', async () => {
      const a = await pyCall(s.etUrl, { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 100) }, ['strategy', 'wrong-password-000000']);
      expect(a.status).to.equal(401);
      expect(a.body).to.include({ code: 'token_invalid' });
      expect(String((a.body as Row)['error'])).to.match(/^token_invalid: /);
      expect(a.text).to.not.contain('wrong-password');
      expect(s.state().orders).to.have.length(0);
    });

    it('refuses a request without credentials with 401 token_required and a Basic challenge', async () => {
      const a = await pyCall(s.etUrl, { method: 'GET', path: '/balance' });
      expect(a.status).to.equal(401);
      expect(a.body).to.include({ code: 'token_required' });
      expect(a.wwwAuthenticate).to.match(/^Basic realm=/);
    });

    it('accepts our own Bearer header too', async () => {
      const a = await pyCall(s.etUrl, { method: 'GET', path: '/balance', headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(a.status).to.equal(200);
    });
  });

  describe('with --dry-run and risk limits', () => {
    let s: EtServer;
    before(async () => {
      const risk = tempFile('risk.json', JSON.stringify({ max_shares_per_order: 500, denied_codes: ['600078'] }));
      s = await startEtServer({ args: ['--dry-run', '--risk-config', risk] });
    });
    after(async () => {
      await (s as EtServer | undefined)?.stop();
    });

    it('answers a buy as a dry run: 201, entrust_no null, nothing sent to the client', async () => {
      const a = await pyCall(s.etUrl, { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 100) });
      expect(a.status, a.text).to.equal(201);
      expect(a.body).to.include({ entrust_no: null, dry_run: true });
      expect(String((a.body as Row)['message'])).to.contain('dry run');
      expect(s.state().orders).to.have.length(0);
    });

    it('applies the risk limits: too many shares and a denied code are refused with their 403 codes', async () => {
      const [shares, denied] = await pyCalls(s.etUrl, [
        { method: 'POST', path: '/buy', json: orderBody('600160', 21.21, 1000) },
        { method: 'POST', path: '/market_sell', json: { security: '600078', amount: 100, kwargs: { ttype: '最优五档成交剩余撤销' } } },
      ]);
      expect(shares!.status).to.equal(403);
      expect(shares!.body).to.include({ code: 'risk_max_shares' });
      expect(denied!.status).to.equal(403);
      expect(denied!.body).to.include({ code: 'risk_code_denied' });
    });
  });

  describe('when the outcome is unknown', () => {
    let s: EtServer;
    before(async () => {
      // The client answers with a text the popup table does not know: the order may be in the client.
      s = await startEtServer({ statePath: freshState((st) => Object.assign(st.client, { resultText: '委托已受理' })) });
    });
    after(async () => {
      await (s as EtServer | undefined)?.stop();
    });

    it('answers 504 with outcome_unknown and says to check today\'s orders, never a success', async () => {
      const a = await pyCall(s.etUrl, { method: 'POST', path: '/sell', json: orderBody('601212', 3.2, 100) });
      expect(a.status).to.equal(504);
      expect(a.body).to.include({ code: 'outcome_unknown' });
      expect((a.body as Row)['entrust_no']).to.equal(undefined);
      expect(String((a.body as Row)['error'])).to.match(/^outcome_unknown: /).and.contain('/today_entrusts');
    });
  });
});
