// fake-server.ts - the real HTTP app and bridge over the fixture worker (test/fixtures/fake-worker.mjs), on a free port.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { buildGatewayApp, type AppOptions } from '../../src/app/gateway-app.ts';
import { ROOT } from './pwsh.ts';

export interface FakeServer {
  url: string;
  bridge: WorkerSupervisor;
  /** Requests that reached the worker, parsed. */
  requests(): Array<{ id: number; cmd: string; args: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** `app` adds security and risk options to buildApp; `host` is the loopback address to listen on. */
export async function startFakeServer(modes = '', app: Partial<AppOptions> = {}, host = '127.0.0.1'): Promise<FakeServer> {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-http-')), 'requests.log');
  const logger = app.logger ?? pino({ level: 'silent' });
  const bridge = new WorkerSupervisor({
    powershell: process.execPath,
    args: [path.join(ROOT, 'test', 'fixtures', 'fake-worker.mjs'), modes],
    cwd: ROOT,
    env: { FAKE_LOG: log },
    logger,
  });
  await bridge.start();
  const server = await new Promise<Server>((resolve) => {
    const s = buildGatewayApp({ ...app, bridge, logger }).listen(0, host, () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://${host}:${port}`,
    bridge,
    requests: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReturnType<FakeServer['requests']>[number]) : []),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await bridge.stop(1000);
    },
  };
}
