// The easytrader app over a trading core whose bridge is a double: /prepare before the client is found, HEAD on the
// one GET that changes the account, a body that is not JSON. No worker: these are the adapter's own decisions.
import type { Server } from 'node:http';
import { expect } from 'chai';
import pino from 'pino';
import type { Bridge, HealthInfo } from '../../src/bridge/supervisor-types.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { buildEasytraderApp } from '../../src/easytrader/app.ts';
import { Trading } from '../../src/trading/trading.ts';

/** A bridge double: the health it reports, and every command refused as the client not found (recorded). */
function bridgeDouble(health: Partial<HealthInfo>): Bridge & { commands: string[] } {
  const commands: string[] = [];
  return {
    commands,
    request(cmd) {
      commands.push(cmd);
      return Promise.reject(new GatewayError('client_not_found', '没有找到同花顺交易窗口。(the THS trading window was not found)'));
    },
    health: () => ({ state: 'ready', windowFound: true, ...health }) as HealthInfo,
  };
}

async function withApp(bridge: Bridge, body: (url: string) => Promise<void>): Promise<void> {
  const app = buildEasytraderApp(new Trading({ bridge, logger: pino({ level: 'silent' }) }), { logger: pino({ level: 'silent' }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const addr = server.address();
    await body(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const PREPARE = JSON.stringify({ config_path: null, user: 'u', password: 'secret-password', exe_path: null, comm_password: null, kwargs: {}, broker: 'ths' });

describe('easytrader/app: the adapter\'s own answers', () => {
  it('answers /prepare with a 503 saying the client was not found while the worker is not ready, reading nothing', async () => {
    const bridge = bridgeDouble({ state: 'starting', windowFound: null });
    await withApp(bridge, async (url) => {
      const r = await fetch(`${url}/prepare`, { method: 'POST', body: PREPARE });
      expect(r.status).to.equal(503);
      const body = await r.json() as Record<string, unknown>;
      expect(body['code']).to.equal('worker_unavailable');
      expect(String(body['error'])).to.match(/^worker_unavailable: 还没有找到同花顺客户端/);
      expect(bridge.commands).to.deep.equal([]);
    });
  });

  it('answers /prepare with 503 client_not_found when the read finds no client window', async () => {
    const bridge = bridgeDouble({});
    await withApp(bridge, async (url) => {
      const r = await fetch(`${url}/prepare`, { method: 'POST', body: PREPARE });
      expect(r.status).to.equal(503);
      const text = await r.text();
      expect(JSON.parse(text)).to.include({ code: 'client_not_found' });
      expect(text, 'the password is never echoed').to.not.contain('secret-password');
      expect(bridge.commands).to.deep.equal(['balance']);
    });
  });

  it('refuses HEAD on /auto_ipo (a GET that subscribes) without reaching the bridge', async () => {
    const bridge = bridgeDouble({});
    await withApp(bridge, async (url) => {
      const r = await fetch(`${url}/auto_ipo`, { method: 'HEAD' });
      expect(r.status).to.equal(405);
      expect(bridge.commands).to.deep.equal([]);
    });
  });

  it('answers a body that is not JSON with a 400 JSON error, never HTML', async () => {
    await withApp(bridgeDouble({}), async (url) => {
      const r = await fetch(`${url}/buy`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'security=600160&price=21.21&amount=100' });
      expect(r.status).to.equal(400);
      expect(r.headers.get('content-type')).to.match(/^application\/json/);
      expect(await r.json()).to.include({ code: 'invalid_body' });
    });
  });
});
