// GET /events in-process, over a real journal: a long backlog in pages then live events, the heartbeat, and a 503
// when the journal is not open. (test/events/sse.test.ts runs it end to end on the real server.)
import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { Bridge } from '../../src/bridge/supervisor-types.ts';
import { buildApp } from '../../src/http/app.ts';
import { parseQuery } from '../../src/http/middleware/params.ts';
import { eventRoutes } from '../../src/http/routes/events.ts';
import { OrderGate } from '../../src/journal/gate.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { MAX_EVENTS_PER_READ } from '../../src/trading/event-feed.ts';
import { Trading } from '../../src/trading/trading.ts';
import { dataDir, newGate, silent } from '../journal/helpers.ts';
import { openSse } from '../helpers/sse.ts';
import { until } from '../helpers/until.ts';

/** How long two 50 ms heartbeats may take on a loaded 2-core machine. */
const HEARTBEATS_WAIT_MS = 5_000;

const noBridge = { health: () => ({ state: 'ready', backend: 'sim' }) } as unknown as Bridge;

async function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((r) => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${String(port)}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** `n` orders received (one event each). */
function receive(store: JournalStore, n: number): void {
  for (let i = 0; i < n; i++) store.insert({ kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: { i }, paramsHash: `h${String(i)}`, idemKey: null, caller: null });
}

describe('http/events: GET /events over the journal', () => {
  it('streams a backlog longer than one read in id order, then the events committed afterwards, none twice', async () => {
    const store = new JournalStore(dataDir());
    const backlog = MAX_EVENTS_PER_READ * 2 + 7;
    const app = await listen(buildApp(new Trading({ bridge: noBridge, logger: silent, gate: newGate({ store }).gate }), { logger: silent }));
    receive(store, backlog);
    try {
      const s = await openSse(`${app.url}/events`, { 'last-event-id': '0' });
      await s.waitFor((e) => e.id === backlog);
      receive(store, 3);
      await s.waitFor((e) => e.id === backlog + 3);
      expect(s.events.map((e) => e.id)).to.deep.equal(Array.from({ length: backlog + 3 }, (_, i) => i + 1));
      expect(s.events.every((e) => e.event === 'order.received' && e.data.type === 'order.received')).to.equal(true);
      s.close();
      // the closed stream's listener is gone: later commits do not write to it (nothing throws, the next stream works)
      receive(store, 1);
      const again = await openSse(`${app.url}/events?last_event_id=${String(backlog + 3)}`);
      await again.waitFor((e) => e.id === backlog + 4);
      expect(again.events).to.have.length(1);
      again.close();
    } finally {
      await app.close();
    }
  });

  it('starts from now without Last-Event-ID, and sends a heartbeat comment every interval while idle', async () => {
    const store = new JournalStore(dataDir());
    const bare = express();
    bare.set('query parser', parseQuery);
    bare.use(eventRoutes(new Trading({ bridge: noBridge, logger: silent, gate: newGate({ store }).gate }), { heartbeatMs: 50 }));
    receive(store, 2);
    const app = await listen(bare);
    try {
      const s = await openSse(`${app.url}/events`);
      // Two heartbeats at 50 ms: bounded generously, a loaded machine may be slow but an idle stream must beat.
      await until('two heartbeats', () => (s.comments.filter((c) => c === 'heartbeat').length >= 2 ? true : undefined), HEARTBEATS_WAIT_MS);
      expect(s.events, 'the two earlier events are not replayed').to.deep.equal([]);
      receive(store, 1);
      expect((await s.waitFor(() => true)).id).to.equal(3);
      s.close();
    } finally {
      await app.close();
    }
  });

  it('answers 503 journal_unavailable when the journal could not be opened', async () => {
    const gate = new OrderGate({ store: undefined, openError: 'disk gone', logger: silent, guardUnsettled: true, readOrders: async () => [] });
    const app = await listen(buildApp(new Trading({ bridge: noBridge, logger: silent, gate }), { logger: silent }));
    try {
      const r = await fetch(`${app.url}/events`);
      expect(r.status).to.equal(503);
      expect(await r.json()).to.include({ status: -1, error: 'journal_unavailable' });
    } finally {
      await app.close();
    }
  });
});
