// e2e.test.ts - MCP end to end with the SDK's own client against the real server process on the simulated client:
// over stdio (node src/main.ts --mcp-stdio, as npm run mcp starts it) and over streamable HTTP at /mcp with the token.
// Two server starts: stdio with trading tools and no token; HTTP with a token and read-only tools.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { ROOT, pwshPath } from '../helpers/pwsh.ts';
import { until } from '../helpers/until.ts';

const TOKEN = 'mcp-test-token-0123456789';
const READ_TOOLS = ['get_balance', 'get_credit_balance', 'get_margin_securities', 'get_credit_debts', 'get_positions', 'get_orders', 'get_trades', 'get_health'];
/** How long the stdio server may take to print its listening line (a cold pwsh start is a few seconds). */
const LISTEN_TIMEOUT_MS = 30_000;
/** How long the simulated worker may take to be ready after the port is bound. */
const READY_TIMEOUT_MS = 30_000;
/** How long a graceful stop may take (the worker's own stop is bounded well below this). */
const STOP_TIMEOUT_MS = 15_000;

const call = async (c: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> => (await c.callTool({ name, arguments: args })) as CallToolResult;
const text = (r: CallToolResult): string => r.content.map((x) => (x.type === 'text' ? x.text : '')).join('\n');

async function getJson(url: string, init?: RequestInit): Promise<{ http: number; body: Record<string, unknown> }> {
  const r = await fetch(url, init);
  return { http: r.status, body: JSON.parse(await r.text()) as Record<string, unknown> };
}

describe('mcp/e2e over stdio: npm run --silent mcp\'s gateway with --mcp-trading, on the simulated client', function () {
  this.timeout(120_000);
  let client: Client;
  let transport: StdioClientTransport;
  const stderr: string[] = [];
  const protocolErrors: Error[] = [];
  let url = '';

  before(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-mcp-data-'));
    transport = new StdioClientTransport({
      // The npm script itself, as an MCP client's config runs it (--silent: npm prints no banner on the protocol).
      command: 'npm',
      args: ['run', '--silent', 'mcp', '--', '--mcp-trading', '--port', '0', '--backend', 'sim', '--sim-state', freshState(), '--data-dir', dataDir, '--standby', 'off', '--log-level', 'debug'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), THS_POWERSHELL: pwshPath() },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
    client = new Client({ name: 'e2e-stdio', version: '1' });
    // A line on stdout that is not the protocol (a log line, a banner) surfaces here.
    client.onerror = (err) => protocolErrors.push(err);
    await client.connect(transport);
    // The log goes to stderr in this mode: the HTTP port is served too, as configured.
    url = await until('the listening line on stderr', () => /"msg":"listening".*?"url":"(http:[^"]+)"|"url":"(http:[^"]+)".*?"msg":"listening"/.exec(stderr.join(''))?.slice(1).find(Boolean), LISTEN_TIMEOUT_MS);
    await until('a ready worker', async () => (((await call(client, 'get_health')).structuredContent?.['worker'] as { state?: string } | undefined)?.state === 'ready' ? true : undefined), READY_TIMEOUT_MS);
  });
  after(async () => {
    await transport.close();
  });

  it('lists the read tools and, with --mcp-trading, place_order, place_repo, place_credit_order, direct_repay, direct_return and cancel_order', async () => {
    expect((await client.listTools()).tools.map((t) => t.name)).to.have.members([...READ_TOOLS, 'place_order', 'place_repo', 'place_credit_order', 'direct_repay', 'direct_return', 'cancel_order']);
  });

  it('answers the read tools with what the HTTP routes answer', async () => {
    expect((await call(client, 'get_balance')).structuredContent).to.deep.equal({ balance: (await getJson(`${url}/balance`)).body['message'] });
    expect((await call(client, 'get_orders')).structuredContent).to.deep.equal({ orders: (await getJson(`${url}/orders`)).body['message'] });
    expect((await call(client, 'get_orders', { open: true })).structuredContent).to.deep.equal({ orders: (await getJson(`${url}/orders?open=1`)).body['message'] });
    expect((await call(client, 'get_trades')).structuredContent).to.deep.equal({ trades: (await getJson(`${url}/trades`)).body['message'] });
    // /position keys five of the grid's columns by code; get_positions gives the whole rows.
    const route = (await getJson(`${url}/position`)).body['message'] as Record<string, Record<string, unknown>>;
    const rows = (await call(client, 'get_positions')).structuredContent?.['positions'] as Array<Record<string, string>>;
    expect(rows.map((r) => r['证券代码'])).to.have.members(Object.keys(route));
    for (const r of rows) expect(Number(r['可用余额'])).to.equal(route[String(r['证券代码'])]?.['可用余额']);
    const health = (await call(client, 'get_health')).structuredContent as Record<string, Record<string, unknown>>;
    const routeHealth = (await getJson(`${url}/health`)).body['message'] as Record<string, Record<string, unknown>>;
    expect(health['worker']?.['pid']).to.equal(routeHealth['worker']?.['pid']);
    expect(health['server']?.['version']).to.equal(routeHealth['server']?.['version']);
    expect(health['mcp']).to.deep.equal({ trading: true });
  });

  it('places an order once for a key given twice: the second call is the first answer replayed, one journal row', async () => {
    const args = { side: 'buy', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'agent-e2e-0001' };
    const first = await call(client, 'place_order', args);
    expect(first.isError, text(first)).to.not.equal(true);
    expect(first.structuredContent).to.include({ status: 1, entrust_no: '4025982646' });
    const again = await call(client, 'place_order', args);
    expect(again.isError).to.not.equal(true);
    expect(again.structuredContent).to.include({ status: 1, entrust_no: '4025982646', replayed: true });
    expect(text(again)).to.include('replayed');
    const rows = (await getJson(`${url}/journal`)).body['message'] as Array<Record<string, unknown>>;
    const mine = rows.filter((r) => r['client_order_id'] === 'agent-e2e-0001');
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include({ caller: 'mcp-stdio', state: 'accepted' });
  });

  it('refuses a bad stock_code as an error result naming the field, with the /buy route\'s code and message', async () => {
    const r = await call(client, 'place_order', { side: 'buy', stock_code: 'abc', price: '21.21', amount: 100, idempotency_key: 'agent-e2e-bad' });
    const route = await getJson(`${url}/buy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: 'abc', price: '21.21', amount: 100 }) });
    expect(r.isError).to.equal(true);
    expect(r.structuredContent).to.include({ error: 'invalid_stock_code', field: 'stock_code', message: route.body['message'] });
    expect(text(r)).to.include('stock_code');
  });

  it('answers /mcp on the HTTP port with 404 saying a token is required when no token is set', async () => {
    const r = await getJson(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(r.http).to.equal(404);
    expect(r.body).to.include({ error: 'not_found' });
    expect(String(r.body['message'])).to.include('令牌').and.include('token');
  });

  it('keeps stdout for the protocol (the log is on stderr) and stops the gateway when the client closes stdin', async () => {
    const pid = transport.pid ?? 0;
    expect(stderr.join('')).to.include('"msg":"listening"');
    expect(protocolErrors.map(String)).to.deep.equal([]);
    await transport.close();
    await until('the stopped line', () => (stderr.join('').includes('"msg":"stopped"') ? true : undefined), STOP_TIMEOUT_MS);
    expect(stderr.join('')).to.include('"signal":"stdin closed"');
    expect(() => process.kill(pid, 0)).to.throw();
  });
});

describe('mcp/e2e over streamable HTTP: /mcp with the token, read-only, on the simulated client', function () {
  this.timeout(120_000);
  let s: ServerProcess;
  const connect = async (token: string): Promise<Client> => {
    const c = new Client({ name: 'e2e-http', version: '1' });
    await c.connect(new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    return c;
  };
  const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
  before(async () => {
    // The helper's readiness probe sends no token: wait here with it.
    s = await startServerProcess({ args: ['--token', TOKEN], waitReady: false });
    await until('a ready worker', async () => (((await s.get('/health', auth)).body['message'] as { worker?: { state?: string } }).worker?.state === 'ready' ? true : undefined), READY_TIMEOUT_MS);
  });
  after(async () => {
    await s.stop();
  });

  it('lists only the read tools without --mcp-trading, and answers get_balance and get_positions as the routes do', async () => {
    const c = await connect(TOKEN);
    try {
      expect((await c.listTools()).tools.map((t) => t.name)).to.have.members(READ_TOOLS);
      expect((await call(c, 'get_balance')).structuredContent).to.deep.equal({ balance: (await s.get('/balance', auth)).body['message'] });
      const codes = Object.keys((await s.get('/position', auth)).body['message'] as object);
      const rows = (await call(c, 'get_positions')).structuredContent?.['positions'] as Array<Record<string, unknown>>;
      expect(rows.map((r) => r['证券代码'])).to.have.members(codes);
      expect((await call(c, 'get_health')).structuredContent?.['mcp']).to.deep.equal({ trading: false });
      const refused = await call(c, 'place_order', { side: 'buy', stock_code: '600160', price: '21.21', amount: 100, idempotency_key: 'k' });
      expect(refused.isError).to.equal(true);
    } finally {
      await c.close();
    }
  });

  it('refuses /mcp with a wrong token (401) and without one (401), before any MCP handling', async () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const wrong = await getJson(`${s.url}/mcp`, { method: 'POST', headers: { ...headers, authorization: 'Bearer wrong-token-0123456789' }, body });
    expect(wrong.http).to.equal(401);
    expect(wrong.body).to.include({ error: 'token_invalid' });
    const none = await getJson(`${s.url}/mcp`, { method: 'POST', headers, body });
    expect(none.http).to.equal(401);
    expect(none.body).to.include({ error: 'token_required' });
    let failed: unknown;
    try {
      await connect('wrong-token-0123456789');
    } catch (err) {
      failed = err;
    }
    // The SDK's client fails with the body of our refusal.
    expect(String(failed)).to.include('token_invalid');
  });

  it('answers a GET on /mcp with 405 (stateless: no stream to resume)', async () => {
    const r = await getJson(`${s.url}/mcp`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' } });
    expect(r.http).to.equal(405);
    expect(r.body).to.include({ error: 'method_not_allowed' });
  });
});
