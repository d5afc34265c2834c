// win32.smoke.test.ts - the real Windows port (ps/ThsPort.Win32, user32 via Add-Type) drives the xiadan double's
// real Win32 windows under Wine, the simulated client's model deciding behind the double. Skipped without Wine
// unless CI=true.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers/pwsh.ts';
import {
  REQUEST_TIMEOUT_MS, WINE_PWSH_READY_TIMEOUT_MS, killWineServer, runSetup, startController, startWinePwsh, win32SkipReason,
  type LineProcess,
} from '../../rig/win32/bench.ts';

const WORKER = path.join(ROOT, 'ps', 'ThsAutomation.ps1');
const DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'DrivePort.ps1');
const PORT_CACHE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'PortCache.ps1');
const DRIVE_TREE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'DriveTree.ps1');
const SAMPLE_STATE = path.join(ROOT, 'ps', 'sim', 'sample-state.json');
/** The whole suite: setup from nothing plus two Wine PowerShell starts. */
const SUITE_TIMEOUT_MS = 900_000;
/** The controller reads its stdin between events, at least every 100 ms; the answer is one line. */
const MODEL_QUERY_TIMEOUT_MS = 10_000;
/** The credit client's menu tree (ps/xiadan-ui.psd1 ID_CREDIT_TREE). */
const ID_CREDIT_TREE = 513;

interface TreeItem { Handle: number; Parent: number; Text: string; Selected?: boolean }
interface ModelWindow { ClassName: string; ControlId: number; TreeItems?: TreeItem[]; SelectedItem?: number }

/** The credit tree of the model behind the double, as the controller's Get-SimWindows has it (asked on its stdin). */
async function modelCreditTree(controller: LineProcess): Promise<ModelWindow | undefined> {
  controller.send({ type: 'windows' });
  for (;;) {
    const line = await controller.nextJson(MODEL_QUERY_TIMEOUT_MS, 'the model windows');
    if (line['type'] !== 'windows') continue;
    return (line['windows'] as ModelWindow[]).find((w) => w.ClassName === 'SysTreeView32' && w.ControlId === ID_CREDIT_TREE);
  }
}

/** A tree's shape independent of its handles: each item's text and the index of its parent (-1 = a top item). */
function treeShape(items: TreeItem[]): Array<[string, number]> {
  return items.map((i) => [i.Text, i.Parent === 0 ? -1 : items.findIndex((p) => p.Handle === i.Parent)]);
}

const skipReason = win32SkipReason();

describe('win32: the Windows port against the xiadan double under Wine', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  let worker: LineProcess | undefined;
  let stateDir = '';
  const timings: string[] = [];

  before(async function () {
    if (skipReason !== null) {
      console.log(`    (skipped: ${skipReason})`);
      this.skip();
    }
    timings.push(`setup ${(await runSetup()) / 1000} s`);
    await killWineServer(); // nothing left from an earlier run
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'ths-win32-'));
  });

  // Each test gets its own model (a fresh state file) and its own double: no popup or page carries over.
  let controller: LineProcess | undefined;
  let stateNo = 0;
  beforeEach(async () => {
    stateNo++;
    const started = Date.now();
    controller = (await startController(path.join(stateDir, `state${stateNo}.json`))).proc;
    timings.push(`controller + double ready ${(Date.now() - started) / 1000} s`);
  });

  afterEach(async () => {
    if (worker) await worker.stop();
    worker = undefined;
    if (controller) await controller.stop();
    controller = undefined;
  });

  after(async () => {
    if (skipReason === null) await killWineServer();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    if (timings.length) console.log(`    win32 timings: ${timings.join('; ')}`);
  });

  it('drives the double primitive by primitive: page, funds labels (one by one and batched), grid copy, fields, submit, popup', async () => {
    const started = Date.now();
    const driver = startWinePwsh(DRIVER);
    try {
      const r = await driver.nextJson(WINE_PWSH_READY_TIMEOUT_MS, 'DrivePort.ps1');
      expect(r, JSON.stringify(r)).to.include({ type: 'result', ok: true });
      expect((r['descendants'] as number[]).length, 'the trading window has descendants').to.be.greaterThan(2);
      expect(r['descendants'], 'Get-PortDescendantHandles: the handles of Get-PortChildWindows, in its order').to.deep.equal(r['childWindows']);
      expect(r['funds']).to.have.property('1012').that.matches(/^-?\d+\.\d\d$/);
      expect(r['fundsBatch'], 'Get-PortTexts: the labels read one by one, then null for a handle no window has')
        .to.deep.equal([...Object.values(r['funds'] as Record<string, string>), null]);
      expect(String(r['clipboard'])).to.match(/^证券代码\t/);
      expect(r['codeReadBack']).to.equal('600160');
      expect(String(r['name'])).to.match(/[\u4e00-\u9fff]/);
      expect(String(r['popupText'])).to.match(/[\u4e00-\u9fff]/);
      timings.push(`port script total ${(Date.now() - started) / 1000} s, steps ${JSON.stringify(r['timings'])}`);
    } finally {
      await driver.stop();
    }
  });

  it('compiles the user32 bridge once into the temp folder (whatever an earlier worker left), loads it from there next time, and replaces a damaged copy', async () => {
    const step = async (name: string): Promise<Record<string, unknown>> => {
      const p = startWinePwsh(PORT_CACHE, ['-Step', name]);
      try {
        return await p.nextJson(WINE_PWSH_READY_TIMEOUT_MS, `PortCache.ps1 ${name}`);
      } finally {
        await p.stop();
      }
    };
    const fresh = await step('fresh');
    expect(fresh, JSON.stringify(fresh)).to.include({ ok: true, head: 'MZ', note: '' });
    const cache = String(fresh['cache']);
    expect(cache).to.match(/\\ths-user32-[0-9a-f]{24}\.dll$/);
    expect(String(fresh['loadedFrom']), 'compiled by this process, not loaded from the cache').to.not.equal(cache);
    const stale = await step('stale');
    expect(stale, `a file left by an earlier worker of this process id: ${JSON.stringify(stale)}`).to.include({ ok: true, head: 'MZ', cache, note: '' });
    const staleOwn = String(stale['loadedFrom']);
    expect(staleOwn, 'compiled into a file of its own').to.match(/\\ths-user32-[0-9a-f]{24}\.\d+-[0-9a-f]{8}\.dll$/);
    const again = await step('again');
    expect(again, JSON.stringify(again)).to.include({ ok: true, loadedFrom: cache, cache });
    expect(stale['own'], 'the per-compile file is there after its compile').to.include(staleOwn);
    expect(again['own'], 'the per-compile files no process holds are deleted').to.not.include(staleOwn);
    const damaged = await step('damaged');
    expect(damaged, JSON.stringify(damaged)).to.include({ ok: true, head: 'MZ', cache });
    expect(String(damaged['loadedFrom']), 'the damaged copy was not loaded').to.not.equal(cache);
  });

  it('reads the credit tree through user32 as the model has it, and TVM_SELECTITEM moves the real selection and the model\'s (the double forwards TVN_SELCHANGED)', async () => {
    await controller?.stop();
    const state = JSON.parse(readFileSync(SAMPLE_STATE, 'utf8').replace(/^\uFEFF/, '')) as { account: Record<string, unknown> };
    state.account['type'] = 'credit';
    const statePath = path.join(stateDir, `state${stateNo}-credit.json`);
    writeFileSync(statePath, JSON.stringify(state));
    controller = (await startController(statePath)).proc;

    const modelTree = await modelCreditTree(controller);
    const modelItems = modelTree?.TreeItems ?? [];
    expect(modelItems.some((i) => i.Parent !== 0), 'the model\'s credit tree has nested items').to.equal(true);
    expect(modelTree?.SelectedItem, 'nothing is selected at start').to.equal(0);
    const pick = modelItems.length - 1 - [...modelItems].reverse().findIndex((i) => i.Parent !== 0); // the last nested item

    const driver = startWinePwsh(DRIVE_TREE, ['-SelectIndex', String(pick)]);
    let r: Record<string, unknown>;
    try {
      r = await driver.nextJson(WINE_PWSH_READY_TIMEOUT_MS, 'DriveTree.ps1');
    } finally {
      await driver.stop();
    }
    expect(r, JSON.stringify(r)).to.include({ type: 'result', ok: true });
    const before = r['before'] as TreeItem[];
    expect(treeShape(before), 'the texts, their order and the parent of each, read through user32').to.deep.equal(treeShape(modelItems));
    expect(before.filter((i) => i.Selected), 'no item selected, as in the model').to.deep.equal([]);

    expect(r['select'], 'TVM_SELECTITEM of an item of the tree').to.deep.include({ Ok: true, TimedOut: false, Result: 1 });
    const after = r['after'] as TreeItem[];
    expect(after.filter((i) => i.Selected).map((i) => i.Handle), 'user32 reports the item selected').to.deep.equal([before[pick]!.Handle]);
    const modelAfter = await modelCreditTree(controller);
    expect(modelAfter?.SelectedItem, `the model selected ${modelItems[pick]!.Text} too (the double forwarded the notification)`)
      .to.equal(modelItems[pick]!.Handle);

    expect(r['selectUnknown'], 'TVM_SELECTITEM of a handle the tree does not have').to.deep.include({ Ok: true, Result: 0 });
    expect((r['afterUnknown'] as TreeItem[]).filter((i) => i.Selected).map((i) => i.Handle), 'the selection stays').to.deep.equal([before[pick]!.Handle]);
    const modelLast = await modelCreditTree(controller);
    expect(modelLast?.SelectedItem, 'the model\'s selection stays').to.equal(modelItems[pick]!.Handle);
  });

  it('runs the worker (-Backend Win32 -ProfilePort) under Wine: ready with the 1 ms timer it asked for, balance (its user32 calls counted), position, buy', async function () {
    if (!existsSync(WORKER)) this.skip();
    const started = Date.now();
    worker = startWinePwsh(WORKER, ['-Backend', 'Win32', '-ProfilePort']);
    const ready = await worker.nextJson(WINE_PWSH_READY_TIMEOUT_MS, 'worker ready');
    timings.push(`worker cold start ${(Date.now() - started) / 1000} s`);
    expect(ready, JSON.stringify(ready)).to.include({ type: 'ready', backend: 'win32' });
    expect(ready['window']).to.include({ found: true, title: '网上股票交易系统5.0', className: 'AfxMDIFrame140s' });
    expect(ready['timerMs'], 'winmm timeBeginPeriod(1) granted: the polls sleep 5 ms, not a 15.6 ms tick').to.equal(1);

    let id = 0;
    const request = async (cmd: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
      id++;
      const t0 = Date.now();
      worker!.send({ id, cmd, args });
      for (;;) {
        const line = await worker!.nextJson(REQUEST_TIMEOUT_MS, `reply to ${cmd}`);
        if (line['id'] === id && 'ok' in line) {
          timings.push(`${cmd} ${Date.now() - t0} ms`);
          return line;
        }
      }
    };

    await request('ping');
    await request('ping'); // warm: the protocol round trip alone
    const balance = await request('balance');
    expect(balance, JSON.stringify(balance)).to.include({ ok: true });
    const profile = balance['debug'] as { portCalls: number; portMs: number; calls: Record<string, number> };
    expect(profile.calls, 'user32 calls counted by -ProfilePort: the funds labels in batched reads (one per look)').to.have.property('Get-PortTexts').that.is.at.least(1);
    expect(profile.calls, 'no label read one by one').to.not.have.property('Get-PortText');
    expect(profile.portMs, 'time inside user32 calls').to.be.greaterThan(0);
    timings.push(`balance profile ${JSON.stringify(profile)}`);
    const entries = (balance['result'] as { entries: Array<[string, string]> }).entries;
    expect(entries.map((e) => e[0])).to.include('资金余额');
    expect(entries.find((e) => e[0] === '资金余额')?.[1]).to.equal('108328.65'); // the seed's, read from a real Static

    const position = await request('position');
    expect(position, JSON.stringify(position)).to.include({ ok: true });
    expect((position['result'] as { columns: string[] }).columns).to.include('证券代码');

    await request('balance'); // warm: a page already visited
    const order = await request('order', { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 });
    expect(order, JSON.stringify(order)).to.include({ ok: true });
    const result = order['result'] as { success: boolean; message: string };
    expect(result.success).to.be.a('boolean');
    expect(result.message).to.match(/[\u4e00-\u9fff]/);
  });
});
