// doctor.test.ts - `npm run doctor` (node scripts/doctor.ts) as a user runs it: against the simulated client (always)
// and against the xiadan double under Wine (skipped when rig/win32 is not set up, like test/win32/win32.smoke.test.ts):
// every check printed with its state, --json parses, the exit codes, --dump writes a masked tree, xiadan.ini read.
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, WRAPPER, killWineServer, runSetup, startController, win32SkipReason, type LineProcess } from '../../rig/win32/bench.ts';
import { pwshPath } from '../helpers/pwsh.ts';
import { DUMPS_DIR, runDoctor, writeVariantState } from './helpers.ts';

interface Check { id: string; name: string; state: 'pass' | 'warn' | 'fail'; detail: string; fix: { zh: string; en: string } | null; data?: unknown }
interface DumpFile { format: string; version: number; main: number; windows: Array<{ handle: number; className: string; controlId: number; text: string; rect: number[] | null; style: number }> }

/** Every check the doctor makes once the window port is up and the main window is found, in order. */
const CHECK_IDS = ['powershell', 'language-mode', 'execution-policy', 'session', 'window-port', 'windows', 'main-window', 'pages',
  'funds', 'captcha', 'result-display', 'broker-link', 'xiadan-ini'];
/** A title carrying a capital account (12 digits) and a shareholder code, as some broker builds show. */
const ACCOUNT_TITLE = '网上股票交易系统5.0 资金账号 123456789012 股东 A123456789';
const MASKED_TITLE = '网上股票交易系统5.0 资金账号 **********12 股东 ********89';
const CJK = /[\u4e00-\u9fff]/;

function parseChecks(stdout: string): Check[] {
  const checks = JSON.parse(stdout) as unknown;
  expect(checks).to.be.an('array');
  return checks as Check[];
}

function byId(checks: Check[], id: string): Check {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id} in ${checks.map((x) => x.id).join(', ')}`);
  return c;
}

/** Each check is on its own line as `[state] id (...)`, a non-passing one followed by its fix in Chinese, then English. */
function expectTextReport(stdout: string, ids: string[]): void {
  const lines = stdout.split('\n');
  for (const id of ids) {
    const at = lines.findIndex((l) => new RegExp(`^\\[(pass|warn|fail)\\] ${id} \\(`).test(l));
    expect(at, `line for ${id} in:\n${stdout}`).to.be.greaterThan(-1);
    if (!(lines[at] ?? '').startsWith('[pass]')) {
      expect(lines[at + 1], `${id}: Chinese fix`).to.match(/^ {7}修复：/).and.to.match(CJK);
      expect(lines[at + 2], `${id}: English fix`).to.match(/^ {7}fix: [A-Za-z]/);
    }
  }
  expect(lines.filter((l) => l !== '').at(-1)).to.match(/^\d+ pass, \d+ warn, \d+ fail$/);
}

function expectMaskedDump(file: string): DumpFile {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as DumpFile;
  expect(dump.format).to.equal('ths-window-dump');
  expect(dump.version).to.equal(1);
  const main = dump.windows.find((w) => w.handle === dump.main);
  expect(main?.text).to.equal(MASKED_TITLE);
  expect(dump.windows.filter((w) => /[0-9]{8,}/.test(w.text.replace(/[0-9]+\.[0-9]+/g, ''))).map((w) => w.text), 'unmasked 8+ digit runs').to.deep.equal([]);
  const total = dump.windows.find((w) => w.controlId === 1015 && /^\d+\.\d\d$/.test(w.text));
  expect(total, 'a funds amount (总资产) kept as it is').to.not.equal(undefined);
  for (const w of dump.windows) {
    expect(w.className, `window ${w.handle}`).to.be.a('string').and.not.equal('');
    expect(w.style).to.be.a('number');
  }
  return dump;
}

describe('doctor (node scripts/doctor.ts)', function () {
  this.timeout(240_000);
  let dir = '';
  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'ths-doctor-')); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  describe('against the simulated client', function () {
    it('prints every check with its state and its fix, and exits 0 when none fails', async () => {
      const r = await runDoctor(['--backend', 'sim', '--sim-state', path.join(dir, 'text.json')]);
      expect(r.code, r.stderr).to.equal(0);
      expectTextReport(r.stdout, CHECK_IDS);
      expect(r.stdout).to.match(/^\[pass\] pages .*161 .*ok.*165 .*ok/m);
      expect(r.stdout).to.match(/^\[pass\] funds .*5 of 5 funds labels/m);
    });

    it('--json prints an array of checks: each with a state, and a fix in Chinese and English unless it passes', async () => {
      const r = await runDoctor(['--backend', 'sim', '--sim-state', path.join(dir, 'json.json'), '--json']);
      expect(r.code, r.stderr).to.equal(0);
      const checks = parseChecks(r.stdout);
      expect(checks.map((c) => c.id)).to.deep.equal(CHECK_IDS);
      for (const c of checks) {
        expect(['pass', 'warn', 'fail'], c.id).to.include(c.state);
        if (c.state !== 'pass') {
          expect(c.fix?.zh, `${c.id} fix.zh`).to.match(CJK);
          expect(c.fix?.en, `${c.id} fix.en`).to.match(/^[A-Za-z]/);
        }
      }
      expect(byId(checks, 'main-window').state).to.equal('pass');
      expect(byId(checks, 'captcha').detail).to.match(/not probed/);
      expect(byId(checks, 'result-display').detail).to.match(/not detectable without an order/);
      expect(byId(checks, 'broker-link')).to.deep.include({ state: 'pass', data: { brokerLink: 'up', server: 'mncg1' } });
      expect((byId(checks, 'session').data as Record<string, unknown>)['locked'], 'the simulated session is not locked').to.equal(false);
      expect(byId(checks, 'windows').detail, 'no exe path in the state: no version to read').to.contain('build unknown');
    });

    it('reports the exe\'s version as the client\'s build (windows check) and a locked session as locked (session check)', async () => {
      const state = path.join(dir, 'locked.json');
      writeVariantState(state, { sessionLocked: true, exePath: path.join(dir, 'v', 'xiadan.exe'), fileVersion: '9.20.71.0' });
      const r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--json']);
      expect(r.code, r.stderr).to.equal(0);
      const checks = parseChecks(r.stdout);
      const windows = byId(checks, 'windows');
      expect((windows.data as { windows: Array<Record<string, unknown>> }).windows.map((w) => w['build'])).to.deep.equal(['9.20.71.0']);
      expect(windows.detail).to.contain('build 9.20.71.0');
      const session = byId(checks, 'session');
      expect((session.data as Record<string, unknown>)['locked']).to.equal(true);
      expect(session.detail).to.contain('locked: yes (window messages keep working)');
      expect(session.state, 'not Windows: warn, locked or not').to.equal('warn');
    });

    it('warns on the broker link when the status bar says 断开, naming the server, and sends no refresh', async () => {
      const state = path.join(dir, 'link-down.json');
      writeVariantState(state, { brokerLink: 'downUntilRefresh' });
      const r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--json']);
      expect(r.code, r.stderr).to.equal(0);
      const link = byId(parseChecks(r.stdout), 'broker-link');
      expect(link).to.deep.include({ state: 'warn', data: { brokerLink: 'down', server: 'mncg1' } });
      expect(link.detail).to.contain('断开').and.contain('mncg1');
      expect(link.fix?.zh).to.contain('broker_disconnected');
      const after = JSON.parse(readFileSync(state, 'utf8')) as { client: Record<string, unknown> };
      expect(after.client['refreshCount'] ?? 0, 'refreshes the doctor sent').to.equal(0);
      expect(after.client['brokerLink']).to.equal('downUntilRefresh');
    });

    it('--dump writes the window tree with the account numbers in texts masked (amounts kept)', async () => {
      const state = path.join(dir, 'dump-state.json');
      writeVariantState(state, { title: ACCOUNT_TITLE });
      const out = path.join(dir, 'tree.json');
      const r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--dump', out, '--json']);
      expect(r.code, r.stderr).to.equal(0);
      const checks = parseChecks(r.stdout);
      expect(byId(checks, 'dump').state).to.equal('pass');
      expect(byId(checks, 'windows').detail).to.include(MASKED_TITLE).and.not.include('123456789012');
      const dump = expectMaskedDump(out);
      expect(dump.windows.some((w) => w.className === 'CVirtualGridCtrl' && w.controlId === 1047)).to.equal(true);
    });

    it('reads xiadan.ini beside the client\'s exe and names the keys that are wrong (GBK file)', async () => {
      const exeDir = path.join(dir, 'ths');
      const state = path.join(dir, 'ini-state.json');
      writeVariantState(state, { exePath: path.join(exeDir, 'xiadan.exe') });
      rmSync(exeDir, { recursive: true, force: true });
      mkdirSync(exeDir);
      // GBK bytes of a comment (; 下单设置), then the keys: two wrong (confirmation on, a default buy price).
      const gbkComment = Buffer.from([0x3b, 0x20, 0xcf, 0xc2, 0xb5, 0xa5, 0xc9, 0xe8, 0xd6, 0xc3, 0x0d, 0x0a]);
      const keys = '[SET]\r\nGUI_ORDER_CONFIRM=yes\r\nGUI_CHEDAN_CONFIRM=no\r\nGUI_LOCK_TIMEOUT=99999999\r\nSET_MRJG=1\r\nSET_MRSL=\r\nSET_MCJG=\r\nSET_MCSL=\r\nSET_POPUP_CJHB=yes\r\n';
      writeFileSync(path.join(exeDir, 'xiadan.ini'), Buffer.concat([gbkComment, Buffer.from(keys, 'ascii')]));
      let r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--json']);
      let ini = byId(parseChecks(r.stdout), 'xiadan-ini');
      expect(ini.state, ini.detail).to.equal('warn');
      expect(ini.detail).to.include('GUI_ORDER_CONFIRM="yes" want no').and.include('SET_MRJG="1" want (empty)');
      expect(ini.detail).to.not.include('GUI_CHEDAN_CONFIRM').and.not.include('SET_POPUP_CJHB');
      writeFileSync(path.join(exeDir, 'xiadan.ini'), keys.replace('GUI_ORDER_CONFIRM=yes', 'GUI_ORDER_CONFIRM=no').replace('SET_MRJG=1', 'SET_MRJG='));
      r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--json']);
      ini = byId(parseChecks(r.stdout), 'xiadan-ini');
      expect(ini.state, ini.detail).to.equal('pass');
      expect(ini.detail).to.include(path.join(exeDir, 'xiadan.ini'));
    });

    it('says when xiadan.ini cannot be located (the exe path cannot be read)', async () => {
      const r = await runDoctor(['--backend', 'sim', '--sim-state', path.join(dir, 'json.json'), '--json']);
      const ini = byId(parseChecks(r.stdout), 'xiadan-ini');
      expect(ini.state).to.equal('warn');
      expect(ini.detail).to.match(/could not be located/);
    });

    it('exits 1 when a check fails: an elevated client (UIPI) fails the windows and main-window checks', async () => {
      const state = path.join(dir, 'elevated.json');
      writeVariantState(state, { elevated: true });
      const r = await runDoctor(['--backend', 'sim', '--sim-state', state, '--json']);
      expect(r.code).to.equal(1);
      const checks = parseChecks(r.stdout);
      expect(byId(checks, 'windows').state).to.equal('fail');
      expect(byId(checks, 'windows').fix?.zh).to.match(/管理员/);
      expect(byId(checks, 'main-window').state).to.equal('fail');
      expect(byId(checks, 'pages').detail).to.match(/not checked/);
    });

    it('replays a checked-in dump: the client found, its pages and funds labels pass', async () => {
      const r = await runDoctor(['--backend', 'sim', '--sim-state', path.join(DUMPS_DIR, 'double-2026.json'), '--json']);
      expect(r.code, r.stderr).to.equal(0);
      const checks = parseChecks(r.stdout);
      expect(byId(checks, 'main-window').detail).to.include('广发证券核新网上交易系统7.65');
      expect(byId(checks, 'pages').state).to.equal('pass');
      expect(byId(checks, 'funds').state).to.equal('pass');
    });

    it('Constrained Language mode: the language-mode check fails (JSON still parses) and it exits 1', async () => {
      const clm = path.join(ROOT, 'test', 'fixtures', 'pwsh-clm.sh');
      const r = await runDoctor(['--powershell', clm, '--backend', 'sim', '--json'], { ...process.env, THS_REAL_PWSH: pwshPath() });
      expect(r.code).to.equal(1);
      const checks = parseChecks(r.stdout);
      const mode = byId(checks, 'language-mode');
      expect(mode.state).to.equal('fail');
      expect(mode.detail).to.equal('ConstrainedLanguage');
      expect(mode.fix?.zh).to.match(/受限语言模式/);
      expect(mode.fix?.en).to.match(/Add-Type/);
    });

    it('exits 1 with one failing check when the PowerShell cannot be started', async () => {
      const r = await runDoctor(['--powershell', path.join(dir, 'no-such-pwsh'), '--json']);
      expect(r.code).to.equal(1);
      const checks = parseChecks(r.stdout);
      expect(checks).to.have.length(1);
      expect(checks[0]?.id).to.equal('doctor-script');
      expect(checks[0]?.state).to.equal('fail');
    });

    it('exits 2 with the usage on a usage error (unknown option, bad --backend, missing value)', async () => {
      for (const args of [['--frobnicate'], ['--backend', 'linux'], ['--dump']]) {
        const r = await runDoctor(args);
        expect(r.code, args.join(' ')).to.equal(2);
        expect(r.stderr, args.join(' ')).to.match(/^doctor: /).and.match(/usage: npm run doctor/);
        expect(r.stdout).to.equal('');
      }
    });
  });

  describe('against the xiadan double under Wine (-Backend Win32)', function () {
    const skipReason = win32SkipReason();
    let controller: LineProcess | undefined;

    before(async function () {
      if (skipReason !== null) {
        console.log(`    (skipped: ${skipReason})`);
        this.skip();
      }
      this.timeout(900_000);
      await runSetup();
      await killWineServer();
      const state = path.join(dir, 'win32-state.json');
      writeVariantState(state, { title: ACCOUNT_TITLE });
      controller = (await startController(state)).proc;
    });

    after(async () => {
      if (controller) await controller.stop();
      if (skipReason === null) await killWineServer();
    });

    it('prints every check with its state and exits 0 (real windows found, pages opened, labels read)', async () => {
      const r = await runDoctor(['--backend', 'win32', '--powershell', WRAPPER]);
      expect(r.code, r.stdout + r.stderr.slice(-2000)).to.equal(0);
      expectTextReport(r.stdout, CHECK_IDS);
      expect(r.stdout).to.match(/^\[pass\] window-port .*backend win32/m);
      expect(r.stdout).to.match(/^\[pass\] session /m);
    });

    it('--json --dump: the checks parse and the dump holds the real tree with rects, styles and masked texts', async () => {
      const out = path.join(dir, 'win32-tree.json');
      const r = await runDoctor(['--backend', 'win32', '--powershell', WRAPPER, '--json', '--dump', out]);
      expect(r.code, r.stderr.slice(-2000)).to.equal(0);
      const checks = parseChecks(r.stdout);
      expect(checks.map((c) => c.id)).to.deep.equal([...CHECK_IDS, 'dump']);
      for (const id of ['windows', 'main-window', 'pages', 'funds', 'dump']) expect(byId(checks, id).state, id).to.equal('pass');
      expect(byId(checks, 'xiadan-ini').detail, 'the exe path was read').to.match(/xiadan\.ini/);
      const doubleWindow = (byId(checks, 'windows').data as { windows: Array<Record<string, unknown>> }).windows[0];
      expect(doubleWindow, 'the double\'s exe has no version resource: its build is unknown').to.have.property('build', null);
      expect(String(doubleWindow?.['exe'])).to.match(/xiadan.*\.exe$/i);
      expect((byId(checks, 'session').data as Record<string, unknown>)['locked'], 'WTSQuerySessionInformationW under Wine: never a locked session').to.be.oneOf([false, 'unknown']);
      expect(byId(checks, 'broker-link'), 'the real comctl32 status bar read across processes').to.deep.include({ state: 'pass', data: { brokerLink: 'up', server: 'mncg1' } });
      expect(existsSync(out)).to.equal(true);
      const dump = expectMaskedDump(out);
      const main = dump.windows.find((w) => w.handle === dump.main);
      expect(main?.rect, 'GetWindowRect of the frame').to.have.length(4);
      const [left, top, right, bottom] = main?.rect ?? [0, 0, 0, 0];
      expect((right ?? 0) - (left ?? 0)).to.be.greaterThan(0);
      expect((bottom ?? 0) - (top ?? 0)).to.be.greaterThan(0);
      expect((main?.style ?? 0) & 0x10000000, 'WS_VISIBLE').to.not.equal(0);
    });
  });
});
