// status-page-app.ts - the in-process app the status-page tests open: a bridge double that only reports health (a
// ready simulated worker whose broker link went down) and a real journal planted with today's rows, one of them
// carrying markup as the client's text.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildGatewayApp, type AppOptions } from '../../src/app/gateway-app.ts';
import type { Bridge, HealthInfo } from '../../src/bridge/supervisor-types.ts';
import { OrderGate } from '../../src/journal/gate.ts';
import { JournalStore } from '../../src/journal/store.ts';

export const TOKEN = 'status-page-token-0123456789abcdef';
/** Caller text that would run if the page ever wrote it as markup. */
export const PLANTED = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

const silent = pino({ level: 'silent' });

/** What /health would show of a ready simulated worker with a broker link that went down. */
export function readyHealth(): HealthInfo {
  return {
    state: 'ready', pid: 4242, psVersion: '7.5.0', psEdition: 'Core', languageMode: 'FullLanguage', backend: 'sim', scriptVersion: '0.1.0',
    windowFound: true, windowCredit: false, workerUptimeMs: 3_723_000, restarts: 1, queued: 0, inFlight: null, mergedReads: 0,
    lastError: { message: '工作进程退出 (exit 1)', at: '2026-12-05T01:02:03.000Z' },
    client: {
      lastRefresh: null, refreshes: 0, keepaliveRefreshes: 0, positionPath: null,
      gridReads: { copy: 0, 'captcha-ocr': 0, export: 0, staleCaptchas: 0, recreatedCaptchas: 0 },
      brokerLink: { state: 'down', at: '2026-12-05T01:02:04.000Z', text: '断开', server: 'mncg', reconnects: 1 },
    },
    standby: null,
  };
}

/** A bridge double: reports health, refuses every command (the page sends none). */
export function healthOnlyBridge(): Bridge {
  return {
    health: readyHealth,
    request: () => Promise.reject(new Error('the status page must not send commands')),
  };
}

/** A journal of today with an accepted buy, a rejected buy whose client text is PLANTED, and two unknown orders. */
export function plantedJournal(): { store: JournalStore; ids: { accepted: number; rejected: number; unknown: number; settled: number } } {
  const store = new JournalStore(mkdtempSync(path.join(os.tmpdir(), 'ths-status-')));
  const order = (side: 'buy' | 'sell', code: string, key: string | null): number => store.insert({
    kind: side, code, side, price: '21.21', amount: '100', params: { side, code, price: '21.21', amount: 100 }, paramsHash: `h-${key ?? code}-${side}`, idemKey: key, caller: '127.0.0.1',
  }).id;
  const accepted = order('buy', '600160', 'k-accepted');
  store.finish(accepted, 'accepted', { entrustNo: '4025982646', clientText: '您的买入委托已成功提交，合同编号：4025982646。' });
  const rejected = order('buy', '600519', null);
  store.finish(rejected, 'rejected', { clientText: PLANTED, errorCode: 'client_rejected' });
  const unknown = order('sell', '600988', 'k-unknown');
  store.finish(unknown, 'unknown', { errorCode: 'outcome_unknown' });
  const settled = order('sell', '002555', null);
  store.finish(settled, 'unknown', { errorCode: 'outcome_unknown' });
  return { store, ids: { accepted, rejected, unknown, settled } };
}

/** The app over the bridge double and a planted journal, listening on a loopback port. */
export async function startPlantedApp(opts: Partial<AppOptions> = {}): Promise<{ url: string; ids: ReturnType<typeof plantedJournal>['ids']; close(): Promise<void> }> {
  const { store, ids } = plantedJournal();
  const gate = new OrderGate({ store, logger: silent, guardUnsettled: true, readOrders: async () => [] });
  const app = buildGatewayApp({ bridge: healthOnlyBridge(), logger: silent, gate, serverInfo: () => ({ version: '0.1.0', uptimeMs: 5000 }), ...opts });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ids,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        store.close();
        resolve();
      });
    }),
  };
}
