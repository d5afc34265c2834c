// bundle.test.ts - the Windows bundle as Windows programs under Wine: the zip unpacked into C:\交易 工具\ths 网关, Node
// 22's node.exe swapped in, started as start.cmd starts it (wine cmd /c start.cmd), its worker in the rig's PowerShell
// host, --backend win32 against the xiadan double, a Chinese locale (code page 936). Skipped without Wine unless CI=true.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/pwsh.ts';
import { send } from '../helpers/raw-http.ts';
import { SAMPLE_STATE } from '../helpers/server-process.ts';
import {
  PSHOST_EXE, WINE_PWSH_READY_TIMEOUT_MS, killWineServer, runSetup, startController, waitExit, win32SkipReason, winPath, type LineProcess,
} from '../../rig/win32/bench.ts';
import { buildBundle } from '../../scripts/package-win/build.ts';
import { NODE_WIN_FOR_WINE, nodeExe } from '../../scripts/package-win/node-win.ts';
import {
  BUNDLE_PARENT_WIN, WINDOWS_DATA_DIR, bundleEnv, ensureChineseLocale, nodeAsWindows10, runProcesses, unpackBundle,
} from './bundle-rig.ts';

/** Setup from nothing, a bundle build, two server starts under Wine (node.exe ~5 s, the worker's PowerShell ~5 s). */
const SUITE_TIMEOUT_MS = 900_000;
/** node.exe under Wine: ~1 s to start, then ~3-8 s to load the server's .ts files on these machines. */
const LISTEN_TIMEOUT_MS = 90_000;
/** After Ctrl+C: the worker's graceful end (stdin closed) and the server's own shutdown deadline (10 s) with margin. */
const STOP_TIMEOUT_MS = 30_000;
/** A worker whose server was killed sees its stdin close and exits: a second or two under Wine. */
const ORPHAN_GONE_TIMEOUT_MS = 20_000;
/** The bundle's own `version` command through cmd.exe. */
const CMD_TIMEOUT_MS = 60_000;

const skipReason = win32SkipReason();

/** Waits until `read()` returns a value, polling; throws `what` with `context()` past the deadline. */
async function until<T>(read: () => T | undefined, timeoutMs: number, what: string, context: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} within ${timeoutMs} ms:\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('win32: the Windows bundle, unzipped into a Chinese folder and run as Windows programs under Wine', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  const marker = `t${process.pid}-${Date.now()}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ths-bundle-'));
  let bundleDir = '';
  let controller: LineProcess | undefined;
  let cmd: ChildProcess | undefined;
  const out = path.join(tmp, 'stdout.txt');
  const err = path.join(tmp, 'stderr.txt');
  const logs = (): string => `stdout:\n${existsSync(out) ? readFileSync(out, 'utf8').slice(-4000) : ''}\nstderr:\n${existsSync(err) ? readFileSync(err, 'utf8').slice(-2000) : ''}`;

  /** Runs `wine cmd /c <file> args` in the bundle's folder, stdout / stderr to files (node.exe cannot write to a Linux pipe). */
  const startCmd = (file: string, args: string[]): ChildProcess => {
    const fdOut = openSync(out, 'w');
    const fdErr = openSync(err, 'w');
    try {
      return spawn('wine', ['cmd', '/c', file, ...args], { cwd: bundleDir, env: bundleEnv(marker), stdio: ['ignore', fdOut, fdErr] });
    } finally {
      closeSync(fdOut);
      closeSync(fdErr);
    }
  };
  /** The server's URL from its `listening' log line on stdout. */
  const listening = (): Promise<string> => until(() => {
    for (const line of existsSync(out) ? readFileSync(out, 'utf8').split('\n') : []) {
      try {
        const j = JSON.parse(line) as { msg?: string; url?: string };
        if (j.msg === 'listening' && j.url) return j.url;
      } catch { /* not JSON */ }
    }
    return undefined;
  }, LISTEN_TIMEOUT_MS, 'no listening line', logs);
  // `.\\start.cmd`, not `start.cmd`: cmd.exe reads a bare `start.cmd` as its START command (docs/windows.md).
  const serve = (): ChildProcess => startCmd('.\\start.cmd', ['--port', '0', '--backend', 'win32', '--powershell', winPath(PSHOST_EXE), '--standby', 'off', '--log-level', 'debug']);
  const timings: string[] = [];
  const ours = (): Array<{ pid: number; cmd: string }> => runProcesses(marker).filter((p) => /node\.exe|ths-pshost|cmd\.exe/i.test(p.cmd));

  before(async function () {
    if (skipReason !== null) {
      console.log(`    (skipped: ${skipReason})`);
      this.skip();
    }
    await runSetup();
    ensureChineseLocale();
    nodeAsWindows10();
    const built = buildBundle({ root: ROOT, outDir: path.join(tmp, 'dist'), cacheDir: path.join(ROOT, '.tools', 'node-win') });
    bundleDir = unpackBundle(built.zip, nodeExe(NODE_WIN_FOR_WINE, path.join(ROOT, '.tools', 'node-win')));
    rmSync(WINDOWS_DATA_DIR, { recursive: true, force: true });
    const state = path.join(tmp, 'state.json');
    copyFileSync(SAMPLE_STATE, state);
    controller = (await startController(state)).proc;
  });

  after(async () => {
    if (cmd?.exitCode === null) cmd.kill('SIGKILL');
    for (const p of ours()) {
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await controller?.stop();
    if (skipReason === null) await killWineServer();
    rmSync(tmp, { recursive: true, force: true });
    if (timings.length) console.log(`    bundle timings: ${timings.join('; ')}`);
  });

  it('answers `version` through cmd.exe from the Chinese folder with spaces, naming its node.exe there', async () => {
    const p = startCmd('ths-http-trader.cmd', ['version']);
    expect(await waitExit(p, CMD_TIMEOUT_MS), logs()).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.match(new RegExp(`^ths-http-trader \\d+\\.\\d+\\.\\d+, node v22\\.[\\d.]+ \\(${BUNDLE_PARENT_WIN.replace(/\\/g, '\\\\')}\\\\ths-http-trader-[^\\\\]+\\\\node\\\\node\\.exe\\)`));
  });

  it('runs cmd.exe in the Chinese code page 936, as on a Chinese Windows: what it prints is GBK (chcp\'s own text)', async () => {
    const p = startCmd('chcp', []);
    expect(await waitExit(p, CMD_TIMEOUT_MS), logs()).to.equal(0);
    // Wine's chcp reports page 0 without a console (stdout is a file), but its text comes out in the system code page.
    const bytes = readFileSync(out);
    expect(new TextDecoder('utf-8', { fatal: false }).decode(bytes), 'not UTF-8').to.not.include('代码页');
    expect(new TextDecoder('gbk').decode(bytes), 'GBK, code page 936').to.include('代码页');
  });

  it('runs the doctor from the bundle: its script through the PowerShell host with the bridge\'s flags, Chinese intact', async () => {
    const p = startCmd('ths-http-trader.cmd', ['doctor', '--backend', 'sim', '--powershell', winPath(PSHOST_EXE)]);
    expect(await waitExit(p, CMD_TIMEOUT_MS), logs()).to.equal(0);
    const report = readFileSync(out, 'utf8');
    expect(report).to.include('[pass] language-mode (语言模式 language mode): FullLanguage');
    expect(report).to.match(/\d+ pass, \d+ warn, 0 fail/);
  });

  it('finds Windows PowerShell by its absolute path when no pwsh is on PATH (what the bundle runs on a plain PC)', async () => {
    const fdOut = openSync(out, 'w');
    const src = `${BUNDLE_PARENT_WIN}\\${path.basename(bundleDir)}\\app\\src\\bridge\\powershell.ts`.replace(/\\/g, '/');
    const code = `const m = await import('file:///${src}'); console.log(JSON.stringify(m.findPowerShell({ projectRoot: 'C:\\\\nowhere' })));`;
    const p = spawn('wine', ['node\\node.exe', '--input-type=module', '-e', code], { cwd: bundleDir, env: bundleEnv(marker), stdio: ['ignore', fdOut, fdOut] });
    closeSync(fdOut);
    expect(await waitExit(p, CMD_TIMEOUT_MS), logs()).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.include('{"path":"C:\\\\windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe","source":"windows"}');
  });

  it('serves the seed\'s four calls through the worker in the PowerShell host against the double, Chinese intact, the journal and log under %LOCALAPPDATA%', async () => {
    const started = Date.now();
    cmd = serve();
    const url = await listening();
    timings.push(`start.cmd to listening ${(Date.now() - started) / 1000} s`);
    await until(() => (existsSync(path.join(WINDOWS_DATA_DIR, 'journal.sqlite')) ? true : undefined), LISTEN_TIMEOUT_MS, 'no journal under %LOCALAPPDATA%\\ths-http-trader', logs);
    const ready = async (): Promise<boolean> => {
      const h = (await send(url, '/health')).body as { message?: { worker?: { state?: string } } } | undefined;
      return h?.message?.worker?.state === 'ready';
    };
    const end = Date.now() + WINE_PWSH_READY_TIMEOUT_MS;
    while (!(await ready())) {
      if (Date.now() > end) throw new Error(`worker not ready:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    timings.push(`start.cmd to worker ready ${(Date.now() - started) / 1000} s`);
    const balance = await send(url, '/balance');
    expect(balance.body, balance.text).to.include({ status: 1 });
    expect((balance.body?.['message'] as Record<string, string>)['资金余额']).to.equal('108328.65');
    const position = await send(url, '/position');
    expect(position.body, position.text).to.include({ status: 1 });
    expect(Object.keys(position.body?.['message'] as object)).to.include('002555');
    const buy = await send(url, '/buy', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'stock_code=600160&price=21.21&amount=100' });
    expect(buy.body, buy.text).to.include({ status: 1 });
    expect(String(buy.body?.['message'])).to.match(/委托/);
    // The seed's fourth call: the client's refusal text, Chinese, through the worker and back.
    const sell = await send(url, '/sell', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'stock_code=600160&price=21.21&amount=100' });
    expect(sell.body, sell.text).to.include({ status: -1, error: 'client_rejected' });
    expect(String(sell.body?.['message'])).to.match(/可交易股数为0/);
    const log = readFileSync(path.join(WINDOWS_DATA_DIR, 'logs', 'ths-http-trader.log'), 'utf8');
    expect(log, 'the bundle\'s log file').to.include('"msg":"listening"');
    expect(log, 'Chinese in the log file, UTF-8').to.match(/[\u4e00-\u9fff]/);
  });

  it('stops on Ctrl+C: the server shuts down gracefully and neither node.exe nor its worker is left running', async () => {
    const node = ours().find((p) => /node\.exe/i.test(p.cmd));
    expect(node, `node.exe of this run among ${JSON.stringify(runProcesses(marker))}`).to.not.equal(undefined);
    expect(ours().some((p) => /ths-pshost/i.test(p.cmd)), 'its worker runs').to.equal(true);
    process.kill(node!.pid, 'SIGINT'); // Wine turns SIGINT into the console's CTRL_C_EVENT
    expect(await waitExit(cmd!, STOP_TIMEOUT_MS), logs()).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.include('"msg":"stopped"');
    await until(() => (ours().length === 0 ? true : undefined), STOP_TIMEOUT_MS, 'processes left', () => JSON.stringify(ours()));
  });

  it('leaves no worker behind when node.exe is ended outright (the window closed, Windows ended the process)', async () => {
    cmd = serve();
    await listening();
    const worker = await until(() => ours().find((p) => /ths-pshost/i.test(p.cmd)), WINE_PWSH_READY_TIMEOUT_MS, 'no worker', logs);
    const node = ours().find((p) => /node\.exe/i.test(p.cmd));
    process.kill(node!.pid, 'SIGKILL');
    await until(() => (ours().length === 0 ? true : undefined), ORPHAN_GONE_TIMEOUT_MS, `worker ${worker.pid} or cmd left`, () => JSON.stringify(ours()));
  });
});
