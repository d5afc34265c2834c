// GET /events end to end on the simulated client: a real EventSource sees an order from received to filled; a
// stream resumed with Last-Event-ID after a server restart gets every event exactly once, with no gap.
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventSource } from 'eventsource';
import { freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { openSse, type SseEvent } from '../helpers/sse.ts';

/** Short, so a fill shows within a second (the default is 2 s). */
const INTERVAL = ['--events-interval', '300'];
/** How long a stream may take to end once its server has stopped (the server closes every connection on shutdown). */
const STREAM_END_WAIT_MS = 10_000;

/** The order watcher's reads of today's orders so far (/health). */
async function watchReads(s: ServerProcess): Promise<number> {
  const info = (await s.get('/health')).body['message'] as { server: { orderWatch: { reads: number; intervalMs: number } } };
  expect(info.server.orderWatch.intervalMs).to.equal(300);
  return info.server.orderWatch.reads;
}
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const buy = (s: ServerProcess, key: string, amount = 100): ReturnType<ServerProcess['get']> =>
  s.get('/buy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount, client_order_id: key }) });
/** Moves 600160's quote to the buy's limit, so the resting buy fills in full. */
const fill = (s: ServerProcess): ReturnType<ServerProcess['get']> => s.get('/sim/quote?stock_code=600160&last=21.21&liquidity=0');
/** Moves it above the limit: a buy placed now rests (at the limit's last price it would fill at once). */
const away = (s: ServerProcess): ReturnType<ServerProcess['get']> => s.get('/sim/quote?stock_code=600160&last=21.60');

describe('events/sse: GET /events streams the journal\'s order events', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-events-'));
  const statePath = freshState();
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ statePath, args: ['--data-dir', dataDir, ...INTERVAL] });
  });
  after(async () => {
    await s.stop();
  });

  it('shows an EventSource client an order going received, sent, accepted and then filled once the quote moves', async () => {
    const es = new EventSource(`${s.url}/events`);
    const seen: Array<{ type: string; id: string; data: Record<string, unknown> }> = [];
    for (const type of ['order.received', 'order.sent', 'order.accepted', 'order.partially_filled', 'order.filled']) {
      es.addEventListener(type, (m) => { seen.push({ type, id: m.lastEventId, data: JSON.parse(m.data as string) as Record<string, unknown> }); });
    }
    try {
      await new Promise<void>((ok, fail) => { es.onopen = () => ok(); es.onerror = () => fail(new Error('EventSource failed')); });
      await pause(1000);
      expect(await watchReads(s), 'no order open: today\'s orders never read').to.equal(0);
      const r = await buy(s, 'sse-1');
      expect(r.body['status']).to.equal(1);
      const entrustNo = r.body['entrust_no'];
      expect((await fill(s)).body['fills']).to.have.length(1);
      const end = Date.now() + 15_000;
      while (!seen.some((e) => e.type === 'order.filled') && Date.now() < end) await new Promise((ok) => setTimeout(ok, 100));
      expect(seen.map((e) => e.type)).to.deep.equal(['order.received', 'order.sent', 'order.accepted', 'order.filled']);
      const ids = seen.map((e) => Number(e.id));
      expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
      const filled = seen.at(-1)!.data;
      expect(filled).to.include({ type: 'order.filled', id: ids.at(-1) });
      expect(filled['data']).to.include({ journal_id: r.body['journal_id'], entrust_no: entrustNo, stock_code: '600160', client_order_id: 'sse-1', filled_amount: 100, order_amount: 100 });
      const reads = await watchReads(s);
      expect(reads, 'read while the order was open').to.be.greaterThan(0);
      await pause(1000);
      expect(await watchReads(s), 'the order filled: no more reads').to.equal(reads);
    } finally {
      es.close();
    }
  });

  it('answers a stream with text/event-stream, a retry hint, and 400 invalid_event_id for a bad or future Last-Event-ID', async () => {
    const ok = await openSse(`${s.url}/events`);
    expect(ok.status).to.equal(200);
    expect(ok.headers['content-type']).to.match(/^text\/event-stream/);
    await new Promise((r) => setTimeout(r, 200));
    expect(ok.retry).to.equal(2000);
    ok.close();
    for (const [q, h] of [['?last_event_id=abc', {}], ['', { 'last-event-id': '-1' }], ['?last_event_id=999999', {}]] as const) {
      const bad = await openSse(`${s.url}/events${q}`, h);
      await bad.ended;
      expect(bad.status, q).to.equal(400);
      expect(JSON.parse(bad.body())).to.include({ status: -1, error: 'invalid_event_id', field: 'last_event_id' });
    }
    const since = await openSse(`${s.url}/events?since=yesterday`);
    await since.ended;
    expect(JSON.parse(since.body())).to.include({ error: 'invalid_body', field: 'since' });
    const post = await s.get('/events', { method: 'POST' });
    expect(post.http).to.equal(405);
  });

  it('replays today\'s events with since=today and then resumes after a server restart from Last-Event-ID with every event exactly once', async () => {
    expect((await away(s)).body['status']).to.equal(1);
    const first = await openSse(`${s.url}/events?since=today`);
    const r1 = await buy(s, 'sse-2');
    expect(r1.body['status']).to.equal(1);
    const accepted = await first.waitFor((e) => e.event === 'order.accepted' && e.data.data['client_order_id'] === 'sse-2');
    // The earlier test's order is replayed first: today's events from the first one on.
    expect(first.events[0]!.id).to.equal(1);
    expect(accepted.id).to.be.greaterThan(1);
    // The server stops with the stream still open: the stream is cut by the server, as a restart cuts it.
    await s.stop();
    await Promise.race([first.ended, new Promise((_r, fail) => setTimeout(() => fail(new Error('the stream did not end when its server stopped')), STREAM_END_WAIT_MS))]);
    // Resume from the last event this stream received, whatever it was.
    const lastId = first.events[first.events.length - 1]!.id;
    // While no stream is open: a new server on the same journal fills that order and takes another.
    s = await startServerProcess({ statePath, args: ['--data-dir', dataDir, ...INTERVAL] });
    expect((await fill(s)).body['fills']).to.have.length(1);
    expect((await away(s)).body['status']).to.equal(1);
    const r2 = await buy(s, 'sse-3');
    expect(r2.body['status']).to.equal(1);
    const resumed = await openSse(`${s.url}/events`, { 'last-event-id': String(lastId) });
    await resumed.waitFor((e) => e.event === 'order.filled' && e.data.data['client_order_id'] === 'sse-2');
    await resumed.waitFor((e) => e.event === 'order.accepted' && e.data.data['client_order_id'] === 'sse-3');
    // ... and then live: the second order's fill arrives on the open stream.
    expect((await fill(s)).body['fills']).to.have.length(1);
    await resumed.waitFor((e) => e.event === 'order.filled' && e.data.data['client_order_id'] === 'sse-3');
    resumed.close();
    const got: SseEvent[] = [...first.events, ...resumed.events];
    const ids = got.map((e) => e.id);
    expect(ids, 'every event once, none missing').to.deep.equal(Array.from({ length: ids.length }, (_, i) => i + 1));
    const sse2 = got.filter((e) => e.data.data['client_order_id'] === 'sse-2').map((e) => e.event);
    expect(sse2).to.deep.equal(['order.received', 'order.sent', 'order.accepted', 'order.filled']);
    for (const e of got) expect(e.data.id).to.equal(e.id);
  });
});
