// tools.test.ts - the MCP tools in-process: the SDK's own Client over an in-memory pair against buildMcpServer over a
// trading core whose worker is the fixture process (test/fixtures/fake-worker.mjs). Listing (read-only by default),
// descriptions in both languages, argument errors equal to the HTTP routes', unknown outcomes and dry runs.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import pino from 'pino';
import { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { buildMcpServer } from '../../src/mcp/server.ts';
import { UNKNOWN_ADVICE } from '../../src/mcp/results.ts';
import { Trading } from '../../src/trading/trading.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { ROOT } from '../helpers/pwsh.ts';

const logger = pino({ level: 'silent' });
const READ_TOOLS = ['get_balance', 'get_credit_balance', 'get_margin_securities', 'get_credit_debts', 'get_positions', 'get_orders', 'get_trades', 'get_health'];

interface Rig {
  client: Client;
  /** Commands that place something (order, direct_repay, direct_return) the worker was sent. */
  orders(): number;
  close(): Promise<void>;
}

/** A fixture worker (modes as fake-worker.mjs takes them), a trading core over it, an MCP server and a client. */
async function rig(modes: string, opts: { trading: boolean; dryRun?: boolean }): Promise<Rig> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-mcp-')), 'requests.log');
  const bridge = new WorkerSupervisor({ powershell: process.execPath, args: [path.join(ROOT, 'test', 'fixtures', 'fake-worker.mjs'), modes], cwd: ROOT, env: { FAKE_LOG: log }, logger });
  await bridge.start();
  const trading = new Trading({ bridge, logger, dryRun: opts.dryRun });
  const server = buildMcpServer(trading, { trading: opts.trading, version: '0.0.0-test', logger }, 'test');
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tools-test', version: '1' });
  await Promise.all([server.connect(a), client.connect(b)]);
  const orders = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => /"cmd":"(order|direct_repay|direct_return)"/.test(l)).length : 0);
  return {
    client,
    orders,
    async close() {
      await client.close();
      await server.close();
      await bridge.stop(1000);
    },
  };
}

const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const call = async (c: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => (await c.callTool({ name, arguments: args })) as CallToolResult;

describe('mcp/tools: the MCP tools over the trading core', () => {
  let readOnly: Rig;
  let trading: Rig;
  let http: FakeServer;
  before(async () => {
    [readOnly, trading, http] = await Promise.all([rig('', { trading: false }), rig('', { trading: true }), startFakeServer()]);
  });
  after(async () => {
    await Promise.all([readOnly.close(), trading.close(), http.close()]);
  });

  it('lists only the read tools without --mcp-trading, and place_order, place_repo, place_credit_order, direct_repay, direct_return and cancel_order with it', async () => {
    expect((await readOnly.client.listTools()).tools.map((t) => t.name)).to.have.members(READ_TOOLS);
    expect((await trading.client.listTools()).tools.map((t) => t.name)).to.have.members([...READ_TOOLS, 'place_order', 'place_repo', 'place_credit_order', 'direct_repay', 'direct_return', 'cancel_order']);
  });

  it('refuses a call to place_order when trading tools are off, and sends nothing to the worker', async () => {
    const r = await call(readOnly.client, 'place_order', { side: 'buy', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k-off' });
    expect(r.isError).to.equal(true);
    expect(textOf(r)).to.include('place_order');
    expect(readOnly.orders()).to.equal(0);
  });

  it('describes every tool and every argument in Chinese and in English, and marks which change the account', async () => {
    for (const t of (await trading.client.listTools()).tools) {
      expect(t.title, t.name).to.match(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
      expect(t.description, t.name).to.match(/[\u4e00-\u9fff]/).and.match(/\n[A-Z]/);
      expect(t.annotations?.readOnlyHint, t.name).to.equal(!['place_order', 'place_repo', 'place_credit_order', 'direct_repay', 'direct_return', 'cancel_order'].includes(t.name));
      for (const [name, prop] of Object.entries(t.inputSchema.properties ?? {})) {
        const d = String((prop as { description?: unknown }).description);
        expect(d, `${t.name}.${name}`).to.match(/[\u4e00-\u9fff]/).and.match(/\([a-z"]/i);
      }
    }
    const place = (await trading.client.listTools()).tools.find((t) => t.name === 'place_order');
    expect(place?.inputSchema.required).to.have.members(['side', 'stock_code', 'amount', 'idempotency_key']);
  });

  it('answers get_balance with the funds the /balance route answers, as structured content and text', async () => {
    const r = await call(trading.client, 'get_balance');
    const route = await (await fetch(`${http.url}/balance`)).json() as { message: unknown };
    expect(r.isError).to.not.equal(true);
    expect(r.structuredContent).to.deep.equal({ balance: route.message });
    expect(textOf(r)).to.include('资金余额');
  });

  it('refuses a bad stock_code with the code, field and message of the /buy route, sending nothing', async () => {
    const args = { stock_code: '60016', price: '21.21', amount: 100 };
    const r = await call(trading.client, 'place_order', { side: 'buy', ...args, idempotency_key: 'k-bad-code' });
    const route = await (await fetch(`${http.url}/buy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) })).json() as Record<string, unknown>;
    expect(r.isError).to.equal(true);
    expect(r.structuredContent).to.include({ error: 'invalid_stock_code', field: 'stock_code', message: route['message'] });
    expect(route['error']).to.equal('invalid_stock_code');
    expect(textOf(r)).to.match(/^错误 \/ error invalid_stock_code（字段 \/ field: stock_code）/);
    expect(trading.orders()).to.equal(0);
  });

  it('refuses a buy breaking the lot rule with market_rule, as /buy does', async () => {
    const r = await call(trading.client, 'place_order', { side: 'buy', stock_code: '600160', price: '21.21', amount: 150, idempotency_key: 'k-lot' });
    expect(r.structuredContent).to.include({ error: 'market_rule', field: 'amount' });
  });

  it('requires idempotency_key in the journal key form, and side as buy or sell', async () => {
    const base = { side: 'buy', stock_code: '600160', price: '21.21', amount: 100 };
    expect((await call(trading.client, 'place_order', base)).structuredContent).to.include({ error: 'missing_parameter', field: 'idempotency_key' });
    expect((await call(trading.client, 'place_order', { ...base, idempotency_key: 'has space' })).structuredContent).to.include({ error: 'invalid_idempotency_key', field: 'idempotency_key' });
    expect((await call(trading.client, 'place_order', { ...base, side: 'short', idempotency_key: 'k1' })).structuredContent).to.include({ error: 'invalid_body', field: 'side' });
    expect((await call(trading.client, 'cancel_order', { scope: 'all' })).structuredContent).to.include({ error: 'missing_parameter', field: 'idempotency_key' });
    expect(trading.orders()).to.equal(0);
  });

  it('refuses place_credit_order without a kind or with one it does not know, naming kind and the four kinds, sending nothing', async () => {
    const base = { stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k-credit-bad' };
    expect((await call(trading.client, 'place_credit_order', base)).structuredContent).to.include({ error: 'missing_parameter', field: 'kind' });
    const r = await call(trading.client, 'place_credit_order', { ...base, kind: 'margin_sell' });
    expect(r.structuredContent).to.include({ error: 'invalid_body', field: 'kind' });
    expect(textOf(r)).to.include('margin_buy').and.to.include('sell_to_repay');
    expect(trading.orders()).to.equal(0);
  });

  it('takes price_type on a margin_buy only: another kind with a market type is invalid_price_type, and a bad type on margin_buy is refused as /buy refuses it, sending nothing', async () => {
    const base = { stock_code: '600160', amount: 100, idempotency_key: 'k-credit-market' };
    const short = await call(trading.client, 'place_credit_order', { ...base, kind: 'short_sell', price: '21.21', price_type: 'best5_ioc' });
    expect(short.structuredContent).to.include({ error: 'invalid_price_type', field: 'price_type' });
    const bad = await call(trading.client, 'place_credit_order', { ...base, kind: 'margin_buy', price_type: 'not_a_type' });
    expect(bad.structuredContent).to.include({ error: 'invalid_price_type', field: 'price_type' });
    expect(trading.orders()).to.equal(0);
  });

  it('refuses direct_repay and direct_return arguments by the routes\' rules, naming the field, sending nothing', async () => {
    const repay = await call(trading.client, 'direct_repay', { amount: '12.345', idempotency_key: 'k-repay-bad' });
    expect(repay.structuredContent).to.include({ error: 'invalid_amount', field: 'amount' });
    expect(textOf(repay)).to.include('2 位小数');
    expect((await call(trading.client, 'direct_repay', { amount: '100' })).structuredContent).to.include({ error: 'missing_parameter', field: 'idempotency_key' });
    const giveBack = await call(trading.client, 'direct_return', { stock_code: '600160', amount: 0, idempotency_key: 'k-return-bad' });
    expect(giveBack.structuredContent).to.include({ error: 'invalid_amount', field: 'amount' });
    expect((await call(trading.client, 'direct_return', { amount: 100, idempotency_key: 'k-return-bad2' })).structuredContent).to.include({ error: 'missing_parameter', field: 'stock_code' });
    expect(trading.orders()).to.equal(0);
  });

  it('refuses an argument the tool does not take, naming it, instead of ignoring it', async () => {
    const r = await call(trading.client, 'place_order', { side: 'buy', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k2', account: 'x' });
    expect(r.structuredContent).to.include({ error: 'unknown_parameter', field: 'account' });
    expect((await call(trading.client, 'get_balance', { verbose: true })).structuredContent).to.include({ error: 'unknown_parameter', field: 'verbose' });
  });

  it('refuses get_orders with an open flag that is not a yes / no, as /orders does', async () => {
    expect((await call(trading.client, 'get_orders', { open: 'maybe' })).structuredContent).to.include({ error: 'invalid_body', field: 'open' });
  });

  it('reports an order whose worker died after the submit click as unknown, with what to do, never as success', async () => {
    const crash = await rig('submit-crash', { trading: true });
    try {
      const r = await call(crash.client, 'place_order', { side: 'buy', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k-unknown' });
      expect(r.isError).to.equal(true);
      expect(r.structuredContent).to.include({ status: -1, error: 'outcome_unknown' });
      expect(textOf(r)).to.include(UNKNOWN_ADVICE).and.include('get_orders');
      expect(crash.orders()).to.equal(1);
    } finally {
      await crash.close();
    }
  });

  it('answers place_order in dry-run as a dry run, sending nothing to the worker', async () => {
    const dry = await rig('', { trading: true, dryRun: true });
    try {
      const r = await call(dry.client, 'place_order', { side: 'sell', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k-dry' });
      expect(r.isError).to.not.equal(true);
      expect(r.structuredContent).to.include({ status: 1, dry_run: true });
      expect(dry.orders()).to.equal(0);
    } finally {
      await dry.close();
    }
  });
});
