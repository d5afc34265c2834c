// Webhooks end to end: a loopback receiver gets each order event as a POST, a receiver that fails first gets the
// event again later (at least once, in event order), and deliveries left pending resume after a server restart.
import { expect } from 'chai';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

interface Received {
  id: number;
  type: string;
  headers: http.IncomingHttpHeaders;
  body: { id: number; type: string; at: string; data: Record<string, unknown> };
  answered: number;
}

/** A webhook receiver on loopback: answers `status()` to each POST and keeps what came. */
async function receiver(status: (n: number) => number): Promise<{ url: string; got: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { text += c; });
    req.on('end', () => {
      const body = JSON.parse(text) as Received['body'];
      const answered = status(got.length);
      got.push({ id: body.id, type: body.type, headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${String(addr.port)}/hook?secret=s3`, got, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Waits until `check` is true (bounded). */
async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const buy = (s: ServerProcess, key: string): ReturnType<ServerProcess['get']> =>
  s.get('/buy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount: 100, client_order_id: key }) });
const delivered = (got: Received[]): number[] => got.filter((g) => g.answered === 200).map((g) => g.id);

describe('events/webhooks: each order event POSTed at least once, journaled, resumed after a restart', function () {
  this.timeout(120_000);

  it('POSTs each event to a receiver; one that fails first gets it again later, every event delivered in event order', async () => {
    const good = await receiver(() => 200);
    const flaky = await receiver((n) => (n < 2 ? 500 : 200));
    const s = await startServerProcess({ args: ['--webhook', good.url, '--webhook', flaky.url] });
    try {
      const r = await buy(s, 'wh-1');
      expect(r.body['status']).to.equal(1);
      await until(() => delivered(good.got).length >= 3 && delivered(flaky.got).length >= 3);
      expect(good.got.map((g) => g.type)).to.deep.equal(['order.received', 'order.sent', 'order.accepted']);
      const first = good.got[0]!;
      expect(first.headers['content-type']).to.equal('application/json');
      expect(first.headers['x-ths-event-id']).to.equal(String(first.id));
      expect(first.headers['x-ths-event-type']).to.equal('order.received');
      expect(first.body.data).to.include({ journal_id: r.body['journal_id'], client_order_id: 'wh-1', stock_code: '600160' });
      // The flaky one: the first event failed twice and came again, then the rest, in order.
      expect(flaky.got.map((g) => [g.id, g.answered, g.headers['x-ths-delivery-attempt']])).to.deep.equal([
        [1, 500, '1'], [1, 500, '2'], [1, 200, '3'], [2, 200, '1'], [3, 200, '1'],
      ]);
      const health = (await s.get('/health')).body['message'] as { server: { webhooks: Array<Record<string, unknown>> } };
      expect(health.server.webhooks).to.deep.equal([
        { url: new URL(good.url).origin + '/hook?…', pending: 0, delivered: 3, failed: 0, lastError: null },
        { url: new URL(flaky.url).origin + '/hook?…', pending: 0, delivered: 3, failed: 0, lastError: 'HTTP 500' },
      ]);
      expect(s.logs.join('\n'), 'the receiver\'s secret is never logged').not.to.contain('secret=s3');
    } finally {
      await s.stop();
      await good.close();
      await flaky.close();
    }
  });

  it('resumes the deliveries left pending when the server stopped, after a restart on the same journal', async () => {
    let up = false;
    const hook = await receiver(() => (up ? 200 : 503));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-webhook-'));
    const statePath = freshState();
    const args = ['--data-dir', dataDir, '--webhook', hook.url];
    let s = await startServerProcess({ statePath, args });
    try {
      expect((await buy(s, 'wh-2')).body['status']).to.equal(1);
      await until(() => hook.got.length >= 2); // tried, refused: still pending
      await s.stop();
      const tried = hook.got.length;
      up = true;
      s = await startServerProcess({ statePath, args });
      await until(() => delivered(hook.got).length >= 3);
      expect(hook.got.length).to.be.greaterThan(tried);
      expect(delivered(hook.got)).to.deep.equal([1, 2, 3]);
      expect(hook.got.filter((g) => g.answered === 200).map((g) => g.type)).to.deep.equal(['order.received', 'order.sent', 'order.accepted']);
    } finally {
      await s.stop();
      await hook.close();
    }
  });
});
