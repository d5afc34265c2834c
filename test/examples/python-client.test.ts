// examples/python_client.py (Python requests) against the real server on the simulated client, through a loopback
// proxy that loses the reply to the first order request: the example retries with the same key (one order, replayed),
// then reads /events until the order fills once the quote moves.
import { expect } from 'chai';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers/pwsh.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const SCRIPT = path.join(ROOT, 'examples', 'python_client.py');
/** Longest one run of the example may take: one order, a retry after a second, and the wait for the fill. */
const RUN_TIMEOUT_MS = 60_000;

/**
 * A TCP proxy to `port` that forwards everything but, on the connection carrying the first `POST /buy`, drops the
 * server's answer (both sockets closed): the order is placed, its caller never hears so.
 */
async function lossyProxy(port: number): Promise<{ url: string; orderRequests: () => number; close: () => Promise<void> }> {
  let orders = 0;
  let dropped = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    let dropThis = false;
    client.on('data', (d) => {
      if (d.toString('latin1').includes('POST /buy')) {
        orders++;
        if (!dropped) {
          dropped = true;
          dropThis = true;
        }
      }
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (dropThis) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${String(addr.port)}`, orderRequests: () => orders, close: () => new Promise((r) => server.close(() => r())) };
}

describe('examples/python_client.py against the simulated client', function () {
  this.timeout(120_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ args: ['--events-interval', '300'] });
  });
  after(async () => {
    await s.stop();
  });

  it('retries a lost answer with the same key (one order, replayed), then reads /events until the order is filled (exit 0)', async () => {
    const proxy = await lossyProxy(Number(new URL(s.url).port));
    try {
      const run = execa('python3', [SCRIPT, '--url', proxy.url, '--stock-code', '600160', '--price', '21.21', '--amount', '100', '--key', 'py-example-1', '--wait', '40'], {
        cwd: ROOT, reject: false, timeout: RUN_TIMEOUT_MS, encoding: 'utf8', env: { THS_TOKEN: '', PYTHONUNBUFFERED: '1' },
      });
      let out = '';
      run.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
      const end = Date.now() + 30_000;
      while (!out.includes('order.accepted') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(out, 'the example reads the accepted event from /events').to.contain('order.accepted');
      expect((await s.get('/sim/quote?stock_code=600160&last=21.21&liquidity=0')).body['fills']).to.have.length(1);
      const r = await run;
      expect(r.exitCode, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.contain('用同一个键 py-example-1 重试').and.contain('replayed=True').and.contain('order.filled').and.contain('全部成交 (filled)');
      expect(proxy.orderRequests(), 'the order was sent twice, with one key').to.equal(2);
      const rows = ((await s.get('/journal')).body['message'] as Array<Record<string, unknown>>).filter((row) => row['client_order_id'] === 'py-example-1');
      expect(rows.map((row) => row['state']), 'and placed once').to.deep.equal(['accepted']);
      expect(s.state().orders, 'the simulated client has that one order').to.have.length(1);
    } finally {
      await proxy.close();
    }
  });
});
