// The keep-alive end to end with a short interval (--keepalive-minutes as a fraction): the real server refreshes the
// simulated client when idle, traffic postpones it, and /health shows it. Behaviour only, no speed assertions.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function clientFacts(s: ServerProcess): Promise<Record<string, unknown>> {
  const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  return worker['client'] as Record<string, unknown>;
}

/** Polls /health (which is not bridge traffic) until the keep-alive count passes `above`, or the bound. */
async function waitForKeepalive(s: ServerProcess, above: number, boundMs: number): Promise<number> {
  const end = Date.now() + boundMs;
  for (;;) {
    const n = Number((await clientFacts(s))['keepaliveRefreshes']);
    if (n > above || Date.now() > end) return n;
    await sleep(100);
  }
}

for (const backend of e2eBackends()) describe(`e2e/keepalive [${backend}]: the idle refresh`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  it('refreshes the client once it has been idle for the interval, and /health shows the keep-alive refresh', async () => {
    const s = await startServerProcess({ backend, args: ['--keepalive-minutes', '0.02'] }); // 1.2 s
    try {
      const n = await waitForKeepalive(s, 0, 30_000);
      expect(n, 'keep-alive refreshes').to.be.at.least(1);
      expect((await clientFacts(s))['lastRefresh']).to.include({ trigger: 'keepalive', ok: true });
      expect(Number(s.state().client['refreshCount'])).to.be.at.least(1);
    } finally {
      await s.stop();
    }
  });

  it('is postponed while requests keep coming, and fires once they stop', async () => {
    const s = await startServerProcess({ backend, args: ['--keepalive-minutes', '0.05'] }); // 3 s
    try {
      await s.get('/balance');
      const before = Number((await clientFacts(s))['keepaliveRefreshes']);
      // Traffic every 0.5 s for 9 s: three intervals without one idle interval.
      const end = Date.now() + 9_000;
      while (Date.now() < end) {
        await s.get('/balance');
        await sleep(500);
      }
      expect(Number((await clientFacts(s))['keepaliveRefreshes']), 'keep-alive refreshes during traffic').to.equal(before);
      const after = await waitForKeepalive(s, before, 30_000);
      expect(after).to.be.greaterThan(before);
    } finally {
      await s.stop();
    }
  });

  it('stays off with --keepalive-minutes 0', async () => {
    const s = await startServerProcess({ backend, args: ['--keepalive-minutes', '0'] });
    try {
      await sleep(2_000);
      expect((await clientFacts(s))['keepaliveRefreshes']).to.equal(0);
      const server = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['server']!;
      expect(server['keepaliveMinutes']).to.equal(0);
    } finally {
      await s.stop();
    }
  });
});
