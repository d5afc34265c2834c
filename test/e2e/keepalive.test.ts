// The keep-alive end to end with a short interval (--keepalive-minutes as a fraction): the real server refreshes the
// simulated client when idle, traffic postpones it, and /health shows it; 0 turns it off, told apart from the default
// (10 minutes, too long to wait for) by the `keep-alive on` line the server logs when its timer starts. Behaviour
// only, no speed assertions.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess, simOnly } from '../helpers/server-process.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function clientFacts(s: ServerProcess): Promise<Record<string, unknown>> {
  const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  return worker['client'] as Record<string, unknown>;
}

/** The interval each `keep-alive on` log line announced (one per started keep-alive timer). */
function keepaliveStarts(s: ServerProcess): unknown[] {
  const starts: unknown[] = [];
  for (const line of s.logs) {
    try {
      const j = JSON.parse(line) as { msg?: unknown; intervalMs?: unknown };
      if (j.msg === 'keep-alive on') starts.push(j.intervalMs);
    } catch {
      // not JSON
    }
  }
  return starts;
}

/** Waits (bounded) for the first `keep-alive on` line: the timer may start as the worker becomes ready. */
async function waitForStarts(s: ServerProcess, boundMs: number): Promise<unknown[]> {
  const end = Date.now() + boundMs;
  while (keepaliveStarts(s).length === 0 && Date.now() < end) await sleep(100);
  return keepaliveStarts(s);
}

async function serverInfo(s: ServerProcess): Promise<Record<string, unknown>> {
  return ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['server']!;
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
  // The timer's rules run on the simulated backend only (simOnly); the refresh reaching the client runs on both.
  const onSim = simOnly(backend);
  this.timeout(180_000);
  after(cleanupBackends);

  it('refreshes the client once it has been idle for the interval, and /health shows the keep-alive refresh', async () => {
    const s = await startServerProcess({ backend, args: ['--keepalive-minutes', '0.02'] }); // 1.2 s
    try {
      expect(await waitForStarts(s, 10_000), 'the keep-alive timer started with the interval given').to.deep.equal([1200]);
      const n = await waitForKeepalive(s, 0, 30_000);
      expect(n, 'keep-alive refreshes').to.be.at.least(1);
      expect((await clientFacts(s))['lastRefresh']).to.include({ trigger: 'keepalive', ok: true });
      expect(Number(s.state().client['refreshCount'])).to.be.at.least(1);
    } finally {
      await s.stop();
    }
  });

  onSim('is postponed while requests keep coming, and fires once they stop', async () => {
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

  onSim('starts the default 10-minute keep-alive when no interval is given', async () => {
    const s = await startServerProcess({ backend });
    try {
      expect(await waitForStarts(s, 10_000)).to.deep.equal([600_000]);
      expect((await serverInfo(s))['keepaliveMinutes']).to.equal(10);
    } finally {
      await s.stop();
    }
  });

  onSim('stays off with --keepalive-minutes 0, not read as the default: no keep-alive timer starts, and nothing refreshes in five 1.2 s intervals', async () => {
    const s = await startServerProcess({ backend, args: ['--keepalive-minutes', '0'] });
    try {
      expect((await serverInfo(s))['keepaliveMinutes']).to.equal(0);
      await sleep(5 * 1_200); // five times the interval that refreshes in the first test
      const facts = await clientFacts(s);
      expect(facts['keepaliveRefreshes'], 'keep-alive refreshes').to.equal(0);
      expect(facts['lastRefresh'], 'no refresh at all').to.equal(null);
      expect(s.state().client['refreshCount'] ?? 0, 'the client was never refreshed').to.equal(0);
      // The default (10 minutes, above) would not refresh within seconds either: its timer's start tells it apart.
      expect(keepaliveStarts(s), 'keep-alive timers started').to.deep.equal([]);
    } finally {
      await s.stop();
    }
  });
});
