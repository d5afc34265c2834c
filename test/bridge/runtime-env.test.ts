// The runtime settings a worker starts with (src/bridge/runtime-env.ts), seen from inside a real worker process (the
// fixture worker's ping reply echoes them): set by default, and a user's own value wins.
import { expect } from 'chai';
import { WORKER_RUNTIME_ENV, workerEnv } from '../../src/bridge/runtime-env.ts';
import { fakeSupervisor } from './fake-worker.ts';

async function envSeenByWorker(): Promise<Record<string, string | null>> {
  const { sup } = fakeSupervisor('');
  try {
    await sup.start();
    const pong = await sup.request('ping', {}) as { env: Record<string, string | null> };
    return pong.env;
  } finally {
    await sup.stop(500);
  }
}

describe('bridge/runtime-env: the runtime settings a worker starts with', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(WORKER_RUNTIME_ENV)) {
      if (saved[name] === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = saved[name];
    }
  });

  it('starts a worker with tiered PGO off, a 32 MiB gen0 budget and PowerShell telemetry off when the environment sets none', async () => {
    for (const name of Object.keys(WORKER_RUNTIME_ENV)) Reflect.deleteProperty(process.env, name);
    expect(await envSeenByWorker()).to.deep.equal({ DOTNET_TieredPGO: '0', DOTNET_GCgen0size: '0x2000000', POWERSHELL_TELEMETRY_OPTOUT: '1' });
  });

  it("keeps the user's own value of a setting and still adds the others", async () => {
    Reflect.deleteProperty(process.env, 'DOTNET_TieredPGO');
    process.env['DOTNET_GCgen0size'] = '0x4000000';
    process.env['POWERSHELL_TELEMETRY_OPTOUT'] = '0';
    expect(await envSeenByWorker()).to.deep.equal({ DOTNET_TieredPGO: '0', DOTNET_GCgen0size: '0x4000000', POWERSHELL_TELEMETRY_OPTOUT: '0' });
  });

  it("lets the caller's extras override a setting and leaves the parent's environment untouched", () => {
    const parent: NodeJS.ProcessEnv = { PATH: '/bin' };
    const env = workerEnv(parent, { DOTNET_TieredPGO: '1', FAKE_LOG: '/tmp/x' });
    expect(env).to.include({ PATH: '/bin', DOTNET_TieredPGO: '1', DOTNET_GCgen0size: '0x2000000', POWERSHELL_TELEMETRY_OPTOUT: '1', FAKE_LOG: '/tmp/x' });
    expect(parent).to.deep.equal({ PATH: '/bin' });
  });
});
