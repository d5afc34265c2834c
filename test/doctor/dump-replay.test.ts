// dump-replay.test.ts - a dump is a test: every test/fixtures/dumps/*.json (a `doctor --dump` file) is replayed by the
// simulated port as a read-only client, and the worker's own window discovery, page detection and balance read must
// give what the dump recorded (the main window and page handles the doctor found when it wrote it, the funds labels'
// texts). Adding a user's dump to that folder adds its cases; the two dumps made from the Win32 double also have
// their values pinned below.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PS_DIR, RESULT_MARK, psQuote, runForResult } from '../ps/ps-helpers.ts';
import { DUMPS_DIR } from './helpers.ts';

interface DumpWindow { handle: number; parent: number; className: string; controlId: number; text: string; visible: boolean }
interface Dump { format: string; version: number; main: number; pages: Array<{ id: number; handle: number }>; windows: DumpWindow[] }

interface Replay {
  status: { window: { found: boolean; title: string | null; className: string | null } };
  pages: Record<string, number | string>;
  balance: Record<string, string> | string;
  order: string;
  missingPage: string;
  descendants: number[];
  childWindows: number[];
}

/** The funds labels the balance read reports (ps/ThsWorker/Public/Account.ps1), by control id. */
const FUND_LABELS: Array<[string, number]> = [['资金余额', 1012], ['可用金额', 1016], ['可取金额', 1017], ['股票市值', 1014], ['总资产', 1015]];

/** Values pinned for the dumps made from the double (test/doctor/make-dump-fixtures.ts, the sample account). */
const SAMPLE_BALANCE = { 资金余额: '108328.65', 可用金额: '78919.91', 可取金额: '0.00', 股票市值: '90113.00', 总资产: '171154.59' };
const PINNED: Record<string, { title: string; className: string; balance: Record<string, string> }> = {
  'double-default.json': { title: '网上股票交易系统5.0', className: 'AfxMDIFrame140s', balance: SAMPLE_BALANCE },
  'double-2026.json': { title: '广发证券核新网上交易系统7.65', className: 'AfxMDIFrame140s', balance: SAMPLE_BALANCE },
};

/** Replays a dump in a fresh PowerShell through the worker module (-Backend Sim -SimState <dump>). */
async function replay(dumpPath: string, pageIds: number[], missingPageDump: string): Promise<Replay> {
  const { result } = await runForResult<Replay>(`
$ErrorActionPreference = 'Stop'
Import-Module ${psQuote(path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1'))}
Initialize-ThsWorker -Backend Sim -SimState ${psQuote(dumpPath)}
$m = Get-Module ThsWorker
$r = [ordered]@{}
$r.status = Get-ThsStatus
$port = & $m { $script:ThsPortModule }
$mainH = [int64](& $m { Get-ThsMainWindow }).Handle
$r.descendants = @(& $port { param($h) Get-PortDescendantHandles -Handle $h } $mainH)
$r.childWindows = @(foreach ($c in @(& $port { param($h) Get-PortChildWindows -Handle $h } $mainH)) { [int64]$c.Handle })
$r.pages = [ordered]@{}
foreach ($id in @(${pageIds.join(', ')})) {
    try { $r.pages[[string]$id] = [int64](& $m { param($p) (Switch-ThsPage -PageId $p).Page } $id) } catch { $r.pages[[string]$id] = [string]$_.Exception.Data['ThsCode'] }
}
try { $r.balance = Get-ThsBalance } catch { $r.balance = 'error ' + [string]$_.Exception.Data['ThsCode'] + ': ' + $_.Exception.Message }
try { $o = Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100; $r.order = 'answered ' + (ConvertTo-Json -InputObject $o -Compress) } catch { $r.order = [string]$_.Exception.Data['ThsCode'] }
Initialize-ThsWorker -Backend Sim -SimState ${psQuote(missingPageDump)}
[void](Get-ThsStatus)   # the port starts again, on this dump
try { [void](& $m { Switch-ThsPage -PageId 165 }); $r.missingPage = 'shown' } catch { $r.missingPage = [string]$_.Exception.Data['ThsCode'] }
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress -Depth 6))
`);
  return result;
}

const dumpFiles = readdirSync(DUMPS_DIR).filter((f) => f.endsWith('.json')).sort();

describe('doctor: a dump replays as a read-only client (test/fixtures/dumps/*.json)', function () {
  this.timeout(120_000);
  let tmp = '';
  before(() => { tmp = mkdtempSync(path.join(os.tmpdir(), 'ths-dump-replay-')); });
  after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

  it('has the two dumps made from the double (default and 2026-style)', () => {
    expect(dumpFiles).to.include.members(Object.keys(PINNED));
  });

  for (const file of dumpFiles) {
    describe(file, function () {
      const dumpPath = path.join(DUMPS_DIR, file);
      const original = readFileSync(dumpPath);
      const dump = JSON.parse(original.toString('utf8')) as Dump;
      let r: Replay;

      const byHandle = new Map(dump.windows.map((w) => [w.handle, w] as const));
      const fundsPage = dump.pages.find((p) => p.id === 165)?.handle;
      /** The text the dump holds for a control id below the funds page (at any depth). */
      const fundsText = (id: number): string | undefined => {
        for (const w of dump.windows) {
          if (w.controlId !== id) continue;
          for (let p = byHandle.get(w.parent); p; p = byHandle.get(p.parent)) if (p.handle === fundsPage) return w.text.trim();
        }
        return undefined;
      };

      before(async function () {
        // The same dump with the funds page hidden, the buy page showing, and page 165 not recorded: its WM_COMMAND
        // then shows nothing.
        const missing = path.join(tmp, `no-funds-${file}`);
        const buyPage = dump.pages.find((p) => p.id === 161)?.handle;
        const windows = dump.windows.map((w) => (w.handle === fundsPage ? { ...w, visible: false } : w.handle === buyPage ? { ...w, visible: true } : w));
        writeFileSync(missing, JSON.stringify({ ...dump, pages: dump.pages.filter((p) => p.id !== 165), windows }));
        r = await replay(dumpPath, dump.pages.map((p) => p.id), missing);
      });

      it('is a doctor dump of version 1 that recorded a main window and the funds page', () => {
        expect(dump.format).to.equal('ths-window-dump');
        expect(dump.version).to.equal(1);
        expect(byHandle.has(dump.main), 'main window in the tree').to.equal(true);
        expect(fundsPage, 'page 165 recorded').to.be.a('number');
      });

      it('window discovery finds the main window the doctor found (title, frame class)', () => {
        expect(r.status.window.found).to.equal(true);
        expect(r.status.window.title).to.equal(byHandle.get(dump.main)?.text);
        expect(r.status.window.className).to.equal(byHandle.get(dump.main)?.className);
        const pinned = PINNED[file];
        if (pinned) {
          expect(r.status.window.title).to.equal(pinned.title);
          expect(r.status.window.className).to.equal(pinned.className);
        }
      });

      it('Get-PortDescendantHandles lists the main window\'s descendants as Get-PortChildWindows does, in its order', () => {
        expect(r.descendants.length, 'descendants of the main window').to.be.greaterThan(2);
        expect(r.descendants).to.deep.equal(r.childWindows);
      });

      it('page detection: each recorded page id shows the page handle the doctor saw for it', () => {
        expect(Object.keys(r.pages).length).to.equal(dump.pages.length);
        for (const p of dump.pages) expect(r.pages[String(p.id)], `page ${p.id}`).to.equal(p.handle);
      });

      it('the balance read gives the funds labels\' texts of the dump', () => {
        expect(r.balance, JSON.stringify(r.balance)).to.be.an('object');
        const want: Record<string, string> = {};
        for (const [name, id] of FUND_LABELS) {
          const t = fundsText(id);
          if (t !== undefined) want[name] = t;
        }
        expect(Object.keys(want).length, 'funds labels in the dump').to.be.greaterThan(0);
        expect(r.balance).to.deep.equal(want);
        const pinned = PINNED[file];
        if (pinned) expect(r.balance).to.deep.equal(pinned.balance);
      });

      it('refuses what would change anything: an order fails before any click, and the file is unchanged', () => {
        expect(r.order).to.not.match(/^answered/);
        expect(r.order).to.be.oneOf(['client_not_responding', 'field_rejected', 'page_not_found', 'control_not_found', 'label_timeout']);
        expect(readFileSync(dumpPath).equals(original), 'dump file unchanged').to.equal(true);
      });

      it('a page the dump did not record is not found (page_not_found)', () => {
        expect(r.missingPage).to.equal('page_not_found');
      });
    });
  }
});
