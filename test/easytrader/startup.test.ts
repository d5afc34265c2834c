// --easytrader-port: read from the flag or THS_EASYTRADER_PORT, off unless set, never the main port; a port in use
// stops the server at startup with a message saying which port and what to do.
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { execa } from 'execa';
import { ConfigError, loadConfig } from '../../src/app/config.ts';
import { ROOT, pwshPath } from '../helpers/pwsh.ts';
import { freshState } from '../helpers/server-process.ts';

/** Longest a server may take to start and give up on a taken port. */
const STARTUP_TIMEOUT_MS = 30_000;

describe('easytrader/startup: --easytrader-port', function () {
  this.timeout(60_000);

  it('is off unless set, and read from the flag or THS_EASYTRADER_PORT', () => {
    expect(loadConfig([], {}).easytraderPort).to.equal(undefined);
    expect(loadConfig(['--easytrader-port', '1430'], {}).easytraderPort).to.equal(1430);
    expect(loadConfig([], { THS_EASYTRADER_PORT: '1431' }).easytraderPort).to.equal(1431);
  });

  it('refuses a port that is not a number, or the main port again, naming the option', () => {
    expect(() => loadConfig(['--easytrader-port', 'abc'], {})).to.throw(ConfigError, /--easytrader-port: easytrader port must be a number/);
    expect(() => loadConfig(['--port', '1430', '--easytrader-port', '1430'], {})).to.throw(ConfigError, /--easytrader-port: 1430 与 --port 相同/);
  });

  /** Runs the server with `args` while a port of ours is taken; returns the port and the server's exit. */
  async function withTakenPort(args: (port: number) => string[]): Promise<{ port: number; exitCode: number | undefined; stderr: string; stdout: string }> {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const r = await execa(process.execPath, ['src/main.ts', ...args(port), '--backend', 'sim', '--sim-state', freshState(), '--standby', 'off', '--data-dir', mkdtempSync(path.join(os.tmpdir(), 'ths-data-'))], {
        cwd: ROOT, env: { THS_POWERSHELL: pwshPath() }, reject: false, timeout: STARTUP_TIMEOUT_MS, stdin: 'ignore',
      });
      return { port, exitCode: r.exitCode, stderr: r.stderr, stdout: r.stdout };
    } finally {
      taken.close();
    }
  }

  it('stops the server at startup when the easytrader port is taken, saying which port', async () => {
    const r = await withTakenPort((port) => ['--port', '0', '--easytrader-port', String(port)]);
    expect(r.exitCode, r.stdout.slice(0, 2000)).to.equal(1);
    expect(r.stderr).to.contain(`easytrader 端口 ${r.port} 已被占用`).and.contain('--easytrader-port');
  });

  it('stops the server at startup when the main port is taken (Express 5 calls listen back on errors too)', async () => {
    const r = await withTakenPort((port) => ['--port', String(port)]);
    expect(r.exitCode, r.stdout.slice(0, 2000)).to.equal(1);
    expect(r.stderr).to.contain(`端口 ${r.port} 已被占用`);
  });
});
