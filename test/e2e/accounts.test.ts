// Several accounts behind one port (issue 18), on the simulated backend: one --sim-state file per account, one worker
// each, `account=` (number or name) on every account route, GET /accounts, and each account's own journal, keys and
// state. Two clients under Wine are not covered yet (docs/accounts.md).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { freshState, startServerProcess, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';
import { ROOT, pwshPath } from '../helpers/pwsh.ts';
import { until } from '../helpers/until.ts';

type Row = Record<string, unknown>;

const CASH = '8801234501';
const CREDIT = '8801234502';

function stateOf(file: string): SimStateFile {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as SimStateFile;
}

/** The two state files: the cash account (the sample's money) and the credit one (5000.00 available; its result popup
 * `popupMs` after the click when given). */
function twoAccounts(popupMs?: number): [string, string] {
  const cash = freshState((st) => {
    st.account['id'] = CASH;
    st.account['name'] = 'cash';
    st.account['type'] = 'cash';
  });
  const credit = freshState((st) => {
    st.account['id'] = CREDIT;
    st.account['name'] = 'margin';
    st.account['type'] = 'credit';
    st.account['available'] = '5000.00';
    if (popupMs !== undefined) (st.client['delays'] as Row)['popupMs'] = popupMs;
  });
  return [cash, credit];
}

describe('e2e/accounts [sim]: two simulated clients, one cash and one credit account, behind one port', function () {
  this.timeout(180_000);
  let s: ServerProcess;
  let cashFile: string;
  let creditFile: string;
  // A webhook receiver: each account's events reach it with their account number.
  const hooks: Row[] = [];
  let receiver: Server | undefined;
  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        hooks.push({ ...(JSON.parse(body) as Row), header: req.headers['x-ths-account'] });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    // A slow credit client: its result popup comes 2.5 s after the click (the other account's reads must not wait).
    [cashFile, creditFile] = twoAccounts(2500);
    // The margin account's own risk limit (accounts.margin), the top level's for the cash account.
    const risk = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-acct-risk-')), 'risk.json');
    writeFileSync(risk, JSON.stringify({ max_order_value: 100_000, accounts: { margin: { max_order_value: 2000 } } }));
    s = await startServerProcess({ statePath: cashFile, args: ['--sim-state', creditFile, '--webhook', hookUrl, '--risk-config', risk, '--easytrader-port', '0'], waitReady: false });
    const end = Date.now() + 60_000;
    for (;;) {
      const list = (await s.get('/accounts')).body['message'] as Row[];
      if (list.every((a) => (a['worker'] as Row)['state'] === 'ready')) break;
      if (Date.now() > end) throw new Error(`workers not ready: ${JSON.stringify(list)}\n${s.logs.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
    receiver?.close();
  });

  it('lists both accounts at /accounts: number, name (account.name in its file), type and a ready worker each, in the order given', async () => {
    const r = await s.get('/accounts');
    expect(r.http).to.equal(200);
    const list = r.body['message'] as Row[];
    expect(list.map((a) => [a['account'], a['name'], a['type'], (a['worker'] as Row)['state']])).to.deep.equal([[CASH, 'cash', 'cash', 'ready'], [CREDIT, 'margin', 'credit', 'ready']]);
  });

  it('answers 400 account_required listing both accounts when a route names none, and does nothing', async () => {
    for (const p of ['/balance', '/buy?stock_code=600160&price=23.57&amount=100', '/health', '/journal']) {
      const r = await s.get(p);
      expect(r.http, p).to.equal(400);
      expect(r.body['error'], p).to.equal('account_required');
      expect(String(r.body['message'])).to.contain(CASH).and.to.contain(CREDIT);
    }
    expect(stateOf(cashFile).orders).to.have.length(0);
    expect(stateOf(creditFile).orders).to.have.length(0);
  });

  it('answers 400 unknown_account naming the accounts for a number the server does not drive', async () => {
    const r = await s.get('/balance?account=8809999999');
    expect(r.http).to.equal(400);
    expect(r.body).to.include({ error: 'unknown_account', field: 'account' });
    expect(String(r.body['message'])).to.contain(CASH);
  });

  it('reads each account\'s own balance by its number, in the query string, a form body or a JSON body', async () => {
    const cash = await s.get(`/balance?account=${CASH}`);
    expect((cash.body['message'] as Row)['可用金额']).to.equal('78919.91');
    const credit = await s.get('/balance', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `account=${CREDIT}` });
    expect((credit.body['message'] as Row)['可用金额']).to.equal('5000.00');
    const json = await s.get('/balance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: Number(CREDIT) }) });
    expect((json.body['message'] as Row)['可用金额']).to.equal('5000.00');
  });

  it('places a buy on the account it names only: its state file and its journal have it, the other\'s have nothing', async () => {
    const r = await s.get(`/buy?account=${CASH}&stock_code=600160&price=23.57&amount=100&client_order_id=acct-1`);
    expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
    expect(stateOf(cashFile).orders.map((o) => o['contractNo'])).to.deep.equal([String(r.body['entrust_no'])]);
    expect(stateOf(creditFile).orders).to.have.length(0);
    const cashJournal = (await s.get(`/journal?account=${CASH}`)).body['message'] as Row[];
    const creditJournal = (await s.get(`/journal?account=${CREDIT}`)).body['message'] as Row[];
    expect(cashJournal.map((j) => [j['client_order_id'], j['stock_code'], j['entrust_no']])).to.deep.equal([['acct-1', '600160', String(r.body['entrust_no'])]]);
    expect(creditJournal).to.have.length(0);
  });

  it('keeps idempotency keys per account: the same key places a new order on the other account, and replays on its own', async () => {
    const other = await s.get(`/buy?account=${CREDIT}&stock_code=600988&price=18.06&amount=100&client_order_id=acct-1`);
    expect(other.body['status'], JSON.stringify(other.body)).to.equal(1);
    expect(other.body['replayed']).to.equal(undefined);
    expect(stateOf(creditFile).orders).to.have.length(1);
    const again = await s.get(`/buy?account=${CASH}&stock_code=600160&price=23.57&amount=100&client_order_id=acct-1`);
    expect(again.body['replayed']).to.equal(true);
    expect(stateOf(cashFile).orders).to.have.length(1);
  });

  it('serves one account while the other\'s client is busy: the cash balance answers before the credit buy\'s slow popup', async () => {
    const order: string[] = [];
    const buy = s.get(`/buy?account=${CREDIT}&stock_code=601390&price=5.62&amount=100`).then((r) => {
      order.push('credit buy');
      return r;
    });
    await new Promise((r) => setTimeout(r, 300)); // the buy is at its click by now
    const balance = await s.get(`/balance?account=${CASH}`);
    order.push('cash balance');
    expect(balance.body['status']).to.equal(1);
    const bought = await buy;
    expect(bought.body['status'], JSON.stringify(bought.body)).to.equal(1);
    expect(order).to.deep.equal(['cash balance', 'credit buy']);
  });

  it('applies the margin account\'s own max_order_value (2000) from the risk file, and the top level\'s to the cash account', async () => {
    const before = stateOf(creditFile).orders.length;
    const refused = await s.get(`/buy?account=margin&stock_code=600988&price=18.06&amount=200`);
    expect(refused.http, JSON.stringify(refused.body)).to.equal(403);
    expect(refused.body).to.include({ error: 'risk_max_value' });
    expect(stateOf(creditFile).orders).to.have.length(before);
    const placed = await s.get(`/buy?account=cash&stock_code=600988&price=18.06&amount=200`);
    expect(placed.body['status'], JSON.stringify(placed.body)).to.equal(1);
  });

  it('names the account on easytrader\'s port by the basic-auth user (easytrader\'s use(..., user=...)), and requires it', async () => {
    const listening = s.logs.map((l) => /"easytraderUrl":"(http:[^"]+)"/.exec(l)?.[1]).find(Boolean);
    expect(listening, 'easytrader URL in the listening line').to.be.a('string');
    const basic = (user: string): Record<string, string> => ({ authorization: `Basic ${Buffer.from(`${user}:x`).toString('base64')}` });
    const none = await fetch(`${listening!}/balance`);
    expect(none.status).to.equal(400);
    expect(await none.text()).to.contain('account_required');
    // Each the same as our own port's answer for that account (the two differ: 5000.00 less the credit buys).
    for (const [user, account] of [['cash', CASH], [CREDIT, CREDIT]] as const) {
      const ours = Number(((await s.get(`/balance?account=${account}`)).body['message'] as Row)['可用金额']);
      const theirs = (await (await fetch(`${listening!}/balance`, { headers: basic(user) })).json()) as Row;
      expect(theirs['可用金额'], user).to.equal(ours);
    }
    expect((await fetch(`${listening!}/balance`, { headers: basic('nobody') })).status).to.equal(400);
  });

  it('refuses to start when the risk file names an account the server does not drive', async () => {
    const risk = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-acct-risk-')), 'risk.json');
    writeFileSync(risk, JSON.stringify({ accounts: { nobody: { max_order_value: 1 } } }));
    let failure = '';
    try {
      const other = await startServerProcess({ statePath: cashFile, args: ['--sim-state', creditFile, '--risk-config', risk], waitReady: false });
      await other.stop();
    } catch (err) {
      failure = String(err);
    }
    expect(failure).to.contain('accounts.nobody').and.to.contain(CASH);
  });

  it('posts each account\'s order events to the webhook with its account number in the body and X-Ths-Account, ids per account', async () => {
    const accounts = await until('order events of both accounts at the webhook', () => {
      const seen = new Set(hooks.filter((h) => String(h['type']).startsWith('order.')).map((h) => h['account']));
      return seen.has(CASH) && seen.has(CREDIT) ? seen : undefined;
    }, 15_000);
    expect([...accounts].sort()).to.deep.equal([CASH, CREDIT]);
    for (const h of hooks) expect(h['header'], 'X-Ths-Account').to.equal(h['account']);
    const codes = (account: string): unknown[] => hooks.filter((h) => h['account'] === account).map((h) => (h['data'] as Row)['stock_code']);
    expect(codes(CASH)).to.include('600160').and.to.not.include('601390');
    expect(codes(CREDIT)).to.include('601390').and.to.not.include('600160');
    // Each account numbers its own events from 1: only (account, id) tells two events apart.
    const ids = (account: string): unknown[] => hooks.filter((h) => h['account'] === account).map((h) => h['id']);
    expect(ids(CASH)).to.include(1);
    expect(ids(CREDIT)).to.include(1);
  });
});

describe('e2e/accounts [sim]: MCP over stdio with two accounts: every tool takes account', function () {
  this.timeout(120_000);
  let client: Client;
  let transport: StdioClientTransport;
  const stderr: string[] = [];
  let cashFile: string;
  let creditFile: string;
  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => (await client.callTool({ name, arguments: args })) as CallToolResult;

  before(async () => {
    [cashFile, creditFile] = twoAccounts();
    transport = new StdioClientTransport({
      command: process.execPath,
      args: ['src/main.ts', '--mcp-stdio', '--mcp-trading', '--port', '0', '--backend', 'sim', '--sim-state', cashFile, '--sim-state', creditFile, '--data-dir', mkdtempSync(path.join(os.tmpdir(), 'ths-mcp-acct-')), '--standby', 'off'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), THS_POWERSHELL: pwshPath() },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
    client = new Client({ name: 'e2e-accounts', version: '1' });
    await client.connect(transport);
    for (const account of [CASH, CREDIT]) {
      await until(`account ${account}'s worker ready`, async () => (((await call('get_health', { account })).structuredContent?.['worker'] as { state?: string } | undefined)?.state === 'ready' ? true : undefined), 60_000);
    }
  });
  after(async () => {
    await (client as Client | undefined)?.close();
  });

  it('lists account as a required argument of every tool, naming both accounts', async () => {
    const tools = (await client.listTools()).tools;
    expect(tools.map((t) => t.name)).to.include.members(['get_balance', 'place_order']);
    for (const t of tools) {
      expect(t.inputSchema.required, t.name).to.include('account');
      expect(JSON.stringify(t.inputSchema.properties?.['account']), t.name).to.contain(CASH).and.to.contain(CREDIT);
    }
  });

  it('refuses a call without account as account_required, and reads each account\'s own balance with it', async () => {
    const none = await call('get_balance', {});
    expect(none.isError).to.equal(true);
    expect(JSON.stringify(none.content)).to.contain('account_required');
    const cash = await call('get_balance', { account: 'cash' });
    expect(JSON.stringify(cash.structuredContent)).to.contain('78919.91');
    const credit = await call('get_balance', { account: Number(CREDIT) });
    expect(JSON.stringify(credit.structuredContent)).to.contain('5000.00');
  });

  it('places an order on the account it names only', async () => {
    const r = await call('place_order', { account: CREDIT, side: 'buy', stock_code: '600160', price: '23.57', amount: 100, idempotency_key: 'mcp-acct-1' });
    expect(r.isError, JSON.stringify(r.content)).to.not.equal(true);
    expect(stateOf(creditFile).orders).to.have.length(1);
    expect(stateOf(cashFile).orders).to.have.length(0);
  });
});
