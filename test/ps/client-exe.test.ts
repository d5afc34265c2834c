// -ClientExe (several clients on one PC): the worker drives only the trading window whose process runs that exe,
// compared without case and with / read as \; another client's window is not found (client_not_found naming the exe).
// On the simulated port the client's exe path is its state's client.exePath (Get-PortProcessPath).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PS_DIR, RESULT_MARK, psQuote, runForResult } from './ps-helpers.ts';

const EXE = 'C:\\同花顺\\国金证券\\xiadan.exe';

describe('ps/client-exe: a worker bound to one client by its exe path', function () {
  this.timeout(60_000);
  const state = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-exe-')), 'state.json');
  const sample = JSON.parse(readFileSync(path.join(PS_DIR, 'sim', 'sample-state.json'), 'utf8').replace(/^\uFEFF/, '')) as { client: Record<string, unknown> };
  sample.client['exePath'] = EXE;
  writeFileSync(state, JSON.stringify(sample));

  async function bound(clientExe: string): Promise<{ found: boolean; code: string | null; message: string; cash: string | null }> {
    const { result } = await runForResult<{ found: boolean; code: string | null; message: string; cash: string | null }>(String.raw`
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path ${psQuote(PS_DIR)} 'ThsWorker/ThsWorker.psd1')
Initialize-ThsWorker -Backend Sim -SimState ${psQuote(state)} -ClientExe ${psQuote(clientExe)}
$r = @{ found = [bool](Get-ThsStatus).window.found; code = $null; message = ''; cash = $null }
try { $r.cash = [string](Get-ThsBalance)['可用金额'] } catch { $info = & (Get-Module ThsWorker) { param($e) ConvertTo-ThsErrorInfo -ErrorRecord $e } $_; $r.code = $info.code; $r.message = $info.message }
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $r -Compress))`);
    return result;
  }

  it('drives the window of its exe, the path compared without case and with / for \\', async () => {
    expect(await bound(EXE)).to.include({ found: true, code: null, cash: '78919.91' });
    expect(await bound('c:/同花顺/国金证券/XIADAN.EXE')).to.include({ found: true, code: null, cash: '78919.91' });
  });

  it('finds no window for another exe: client_not_found naming it, nothing read', async () => {
    const r = await bound('D:\\华鑫\\xiadan.exe');
    expect(r).to.include({ found: false, code: 'client_not_found', cash: null });
    expect(r.message).to.include('D:\\华鑫\\xiadan.exe');
  });
});
