// worker-contract.test.ts - the contracts between the TypeScript bridge and the PowerShell worker, checked across
// the two languages: one list of command names (the bridge's catalog, the worker's dispatcher, docs/PROTOCOL.md),
// every error code the worker can send in the one registry, the market-order types from one file, the popup table
// (ps/ThsWorker/popup-texts.json) against docs/popups.md, the registry and the TypeScript refusal lists, and a real
// worker's ready line announcing its commands and the server's version.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { COMMAND_NAMES } from '../../src/bridge/commands.ts';
import { ERRORS } from '../../src/core/errors.ts';
import { MARKET_TYPES } from '../../src/core/price-type.ts';
import { VERSION } from '../../src/app/paths.ts';
import { WARNING_KINDS } from '../../src/core/popups.ts';
import { REFUSALS as CANCEL_REFUSALS } from '../../src/trading/cancel.ts';
import { REPAY_REFUSALS } from '../../src/trading/credit-repay.ts';
import { IPO_REFUSALS } from '../../src/trading/ipo.ts';
import { ORDER_REFUSALS } from '../../src/trading/orders.ts';
import { PS_DIR, ROOT, runPwshScript } from '../helpers/pwsh.ts';

const MANIFEST = path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1');
const PROTOCOL = readFileSync(path.join(ROOT, 'docs', 'PROTOCOL.md'), 'utf8');
const POPUPS_DOC = readFileSync(path.join(ROOT, 'docs', 'popups.md'), 'utf8');

interface PopupEntry { id: string; actions: string[]; match: string; example: string; outcome: 'accepted' | 'rejected' | 'unknown'; code: string | null; source: string }
interface PopupWarning { kind: string; match: string; example: string; source: string; zh: string; en: string }
interface PopupTable { negations: string[]; results: PopupEntry[]; warnings: PopupWarning[]; confirmations: Record<string, string[]> }
const POPUP_TABLE = JSON.parse(readFileSync(path.join(PS_DIR, 'ThsWorker', 'popup-texts.json'), 'utf8')) as PopupTable;
/** The refusal codes the TypeScript side accepts from the worker, per action of the popup table. */
const REFUSALS_OF: Record<string, readonly string[]> = { buy: ORDER_REFUSALS, sell: ORDER_REFUSALS, cancel: CANCEL_REFUSALS, ipo: IPO_REFUSALS, repay: REPAY_REFUSALS };

/** The rows (cells, trimmed) of the markdown table whose header row is exactly `header`. */
function tableRows(doc: string, header: string): string[][] {
  const lines = doc.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}
/** A table cell's code span as the doc writes it (pipes escaped). */
const code = (s: string): string => `\`${s.replace(/\|/g, '\\|')}\``;

/** Runs `expr` in pwsh with the worker module imported (no port, no loop) and returns its JSON output. */
async function fromWorker<T>(expr: string): Promise<T> {
  const r = await runPwshScript(`$ErrorActionPreference = 'Stop'\nImport-Module '${MANIFEST.replace(/'/g, "''")}' -Force\n[Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject @(${expr})))`);
  if (r.exitCode !== 0) throw new Error(`pwsh failed (${r.exitCode}): ${r.stderr}`);
  return (JSON.parse(r.stdout.trim()) as unknown[]).flat() as T; // a function may return its list as one object
}

/** The first cells (backticked) of the markdown table under the heading line that matches `heading`. */
function tableCodes(doc: string, header: RegExp): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 2)) {
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(l);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

describe('contracts: the bridge and the worker agree, across the two languages', function () {
  this.timeout(120_000);

  it('the worker\'s dispatcher handles exactly the bridge catalog\'s commands', async () => {
    const names = await fromWorker<string[]>('Get-ThsCommandNames');
    expect([...names].sort()).to.deep.equal([...COMMAND_NAMES]);
  });

  it('docs/PROTOCOL.md\'s command table lists exactly the catalog\'s commands', () => {
    expect(tableCodes(PROTOCOL, /^\|\s*cmd\s*\|/).sort()).to.deep.equal([...COMMAND_NAMES]);
  });

  it('every error code the worker can send is in the one registry and in docs/PROTOCOL.md\'s error table', async () => {
    const codes = await fromWorker<string[]>('Get-ThsErrorCodes');
    expect(codes.length).to.be.greaterThan(10);
    expect(codes.filter((c) => !Object.hasOwn(ERRORS, c)), 'worker codes missing from src/core/errors.ts').to.deep.equal([]);
    expect([...tableCodes(PROTOCOL, /^\|\s*code\s*\|/)].sort(), 'docs/PROTOCOL.md error table').to.deep.equal([...codes].sort());
  });

  it('the worker refuses to raise a code that is not on its list', async () => {
    const r = await runPwshScript(`Import-Module '${MANIFEST.replace(/'/g, "''")}' -Force\n$m = Get-Module ThsWorker\ntry { & $m { New-ThsError -Code 'no_such_code' -Message 'x' } | Out-Null; 'raised' } catch { 'refused: ' + $_.Exception.Message }`);
    expect(r.stdout).to.match(/^refused: .*no_such_code/m);
  });

  it('the market-order types come from one file: the TypeScript table is ps/ThsWorker/market-types.json', () => {
    const json = JSON.parse(readFileSync(path.join(PS_DIR, 'ThsWorker', 'market-types.json'), 'utf8')) as unknown[];
    expect(MARKET_TYPES).to.deep.equal(json);
  });

  describe('the popup table (ps/ThsWorker/popup-texts.json)', () => {
    it('docs/popups.md lists exactly its result texts, warnings and confirmation titles', () => {
      const results = POPUP_TABLE.results.map((e) => [code(e.id), e.actions.join(', '), code(e.example), code(e.match), e.outcome, e.code === null ? '—' : code(e.code), e.source]);
      expect(tableRows(POPUPS_DOC, '| id | actions | example | match | outcome | code | source |')).to.deep.equal(results);
      const warnings = POPUP_TABLE.warnings.map((w) => [code(w.kind), code(w.match), code(w.example), w.source, w.zh, w.en]);
      expect(tableRows(POPUPS_DOC, '| kind | match | example | source | zh | en |')).to.deep.equal(warnings);
      const titles = Object.entries(POPUP_TABLE.confirmations).map(([a, t]) => [a, t.map(code).join(', ')]);
      expect(tableRows(POPUPS_DOC, '| action | titles |')).to.deep.equal(titles);
    });

    it('notices a doc row that differs from the table (the test of the test)', () => {
      const changed = POPUPS_DOC.replace('| `no_shares` | buy, sell |', '| `no_shares` | buy |');
      expect(changed).to.not.equal(POPUPS_DOC);
      const rows = tableRows(changed, '| id | actions | example | match | outcome | code | source |');
      expect(rows.find((r) => r[0] === '`no_shares`')?.[1]).to.equal('buy');
    });

    it('every code is in the registry with the outcome of its row, and one the TypeScript side accepts for its actions', () => {
      const problems: string[] = [];
      for (const e of POPUP_TABLE.results) {
        if (e.outcome === 'accepted') {
          if (e.code !== null) problems.push(`${e.id}: a success has no code`);
          continue;
        }
        const spec = e.code === null ? undefined : (ERRORS as Record<string, { outcome?: string }>)[e.code];
        if (spec?.outcome !== e.outcome) problems.push(`${e.id}: ${e.code ?? '(none)'} is not a registry code of outcome ${e.outcome}`);
        if (e.outcome === 'rejected') {
          for (const a of e.actions) if (!REFUSALS_OF[a]?.includes(e.code ?? '')) problems.push(`${e.id}: ${a} does not accept refusal ${e.code ?? ''}`);
        }
      }
      for (const list of Object.values(REFUSALS_OF)) {
        for (const c of list) if ((ERRORS as Record<string, { outcome?: string }>)[c]?.outcome !== 'rejected') problems.push(`refusal ${c} is not a rejected registry code`);
      }
      expect(problems).to.deep.equal([]);
    });

    it('every pattern matches its own example in JavaScript too, and no success pattern matches a negation of it', () => {
      for (const e of POPUP_TABLE.results) expect(new RegExp(e.match).test(e.example), e.id).to.equal(true);
      for (const w of POPUP_TABLE.warnings) expect(new RegExp(w.match).test(w.example), w.kind).to.equal(true);
      expect(POPUP_TABLE.negations).to.deep.equal(['未成功', '不成功', '失败']);
    });

    it('the warning kinds of accept_warnings (src/core/popups.ts, read by src/risk/config.ts) are the worker\'s', async () => {
      expect(await fromWorker<string[]>('& (Get-Module ThsWorker) { Get-ThsWarningKinds }')).to.deep.equal([...WARNING_KINDS]);
      expect(WARNING_KINDS).to.include.members(['price_deviation', 'risk_warning_stock', 'delisting']);
      expect(WARNING_KINDS).to.not.include('unknown');
    });
  });

  it('the worker module\'s version is the server\'s (package.json)', async () => {
    const v = await fromWorker<string[]>("[string](Get-Module ThsWorker).Version");
    expect(v).to.deep.equal([VERSION]);
  });
});
