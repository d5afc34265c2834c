// The keep-alive timer over a test double of the bridge, with a short injected interval: behaviour only (whether and
// when relative to traffic it refreshes), never speed.
import { expect } from 'chai';
import pino from 'pino';
import { KeepAlive, type KeepAliveBridge } from '../../src/bridge/keepalive.ts';
import { ClientFacts } from '../../src/bridge/client-facts.ts';

const INTERVAL_MS = 120;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A bridge double: records refreshes; `touch()` is traffic (a command started or finished now). */
class FakeBridge implements KeepAliveBridge {
  state = 'ready';
  refreshes: Array<Record<string, unknown>> = [];
  private last = Date.now();
  touch(): void {
    this.last = Date.now();
  }
  idleMs(): number {
    return Date.now() - this.last;
  }
  health(): { state: string } {
    return { state: this.state };
  }
  async request(_cmd: 'refresh', args: Record<string, unknown>): Promise<unknown> {
    this.touch();
    this.refreshes.push(args);
    return { refreshed: true, ms: 1 };
  }
}

describe('bridge/keepalive: refreshes the client when idle', () => {
  const logger = pino({ level: 'silent' });
  let ka: KeepAlive | undefined;
  afterEach(() => ka?.stop());

  it('refreshes after an idle interval, again every interval, marked as the keep-alive', async () => {
    const b = new FakeBridge();
    ka = new KeepAlive(b, { intervalMs: INTERVAL_MS, logger });
    ka.start();
    await sleep(INTERVAL_MS * 4);
    expect(b.refreshes.length).to.be.at.least(2);
    expect(b.refreshes[0]).to.deep.equal({ trigger: 'keepalive' });
  });

  it('is postponed by traffic: no refresh while commands keep coming, one once they stop', async () => {
    const b = new FakeBridge();
    ka = new KeepAlive(b, { intervalMs: INTERVAL_MS, logger });
    ka.start();
    for (let i = 0; i < 12; i++) {
      b.touch();
      await sleep(INTERVAL_MS / 4);
    }
    expect(b.refreshes, 'refreshes during traffic').to.have.length(0);
    await sleep(INTERVAL_MS * 3);
    expect(b.refreshes.length).to.be.at.least(1);
  });

  it('does nothing while the worker is not ready, when off (0) or after stop()', async () => {
    const notReady = new FakeBridge();
    notReady.state = 'restarting';
    const off = new FakeBridge();
    const stopped = new FakeBridge();
    const a = new KeepAlive(notReady, { intervalMs: INTERVAL_MS, logger });
    const o = new KeepAlive(off, { intervalMs: 0, logger });
    const st = new KeepAlive(stopped, { intervalMs: INTERVAL_MS, logger });
    a.start();
    o.start();
    st.start();
    st.stop();
    await sleep(INTERVAL_MS * 3);
    a.stop();
    expect([notReady.refreshes.length, off.refreshes.length, stopped.refreshes.length]).to.deep.equal([0, 0, 0]);
    expect(o.enabled).to.equal(false);
  });
});

describe('bridge/client-facts: what /health says about the client', () => {
  it('records the last refresh with its trigger and the grid read path of a position reply', () => {
    const f = new ClientFacts();
    f.observe('refresh', { trigger: 'keepalive' }, { ok: true, result: { refreshed: true, ms: 12 } });
    f.observe('refresh', { trigger: 'request' }, { ok: false, error: 'client_not_responding' });
    f.observe('position', {}, { ok: true, result: { rows: [], read: { path: 'export', attempts: 3, reason: 'misread' } } });
    f.observe('balance', {}, { ok: true, result: { entries: [] } });
    const snap = f.snapshot();
    expect(snap.lastRefresh).to.include({ trigger: 'request', ok: false, error: 'client_not_responding', ms: null });
    expect(snap.refreshes).to.equal(1);
    expect(snap.keepaliveRefreshes).to.equal(1);
    expect(snap.positionPath).to.include({ path: 'export', command: 'position', attempts: 3, reason: 'misread' });
  });
});
