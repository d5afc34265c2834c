// Positions on a build whose grid copy demands a captcha ("9.x"), end to end: the captcha read by the port's OCR
// (misreads that recover within the retry bound), the save-to-file export when they do not, and /health saying which
// path works. Each asserts the seed's positions come out identical.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type Backend, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';
import { SEED_POSITIONS_TEXT } from '../helpers/seed-positions.ts';

/** The worker's bound on OCR attempts per captcha dialog (ps/lib/Constants.ps1 CAPTCHA_MAX_ATTEMPTS). */
const CAPTCHA_MAX_ATTEMPTS = 3;

type Facts = Record<string, unknown>;

async function positionPath(s: ServerProcess): Promise<Facts> {
  const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  return (worker['client'] as Record<string, Facts>)['positionPath']!;
}

/**
 * A server on a state edited for the test. Under Wine the export file is written by the simulated client (Linux) at
 * the path the worker (Windows) typed: the export folder is a Linux temp dir the worker sees as Z:\...
 */
async function serverWith(backend: Backend, client: Record<string, unknown>): Promise<ServerProcess> {
  const env: Record<string, string> = {};
  if (backend === 'win32') env['THS_EXPORT_DIR'] = 'Z:' + mkdtempSync(path.join(os.tmpdir(), 'ths-export-')).replace(/\//g, '\\');
  return startServerProcess({ backend, env, statePath: freshState((st: SimStateFile) => { Object.assign(st.client, client); }) });
}

for (const backend of e2eBackends()) describe(`e2e/captcha [${backend}]: positions when the grid copy demands a captcha`, function () {
  this.timeout(180_000);
  after(cleanupBackends);
  // Windows' OCR does not exist under Wine: there the worker learns that OCR cannot run and exports at once.
  const ocrPath = backend === 'sim' ? 'captcha-ocr' : 'export';

  it('reads the positions by the plain copy on an 8.x build, and /health says "copy"', async () => {
    const s = await serverWith(backend, { build: '8.x' });
    try {
      const r = await s.get('/position');
      expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      expect(await positionPath(s)).to.include({ path: 'copy', attempts: 0 });
    } finally {
      await s.stop();
    }
  });

  it(`answers the captcha with OCR, recovering from ${CAPTCHA_MAX_ATTEMPTS - 1} misreads, and /health says "${ocrPath}"`, async () => {
    const s = await serverWith(backend, { build: '9.x', captchaMisreads: CAPTCHA_MAX_ATTEMPTS - 1 });
    try {
      const r = await s.get('/position');
      expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      const facts = await positionPath(s);
      expect(facts).to.include({ path: ocrPath });
      if (backend === 'sim') expect(facts).to.include({ attempts: CAPTCHA_MAX_ATTEMPTS, reason: null });
      // Every captcha dialog is misread the same way (client.captchaMisreads counts per dialog) and recovers again.
      const again = await s.get('/position', { method: 'POST' });
      expect(again.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      if (backend === 'sim') expect(await positionPath(s)).to.include({ path: 'captcha-ocr', attempts: CAPTCHA_MAX_ATTEMPTS });
    } finally {
      await s.stop();
    }
  });

  it('falls back to the save-to-file export (GBK) when OCR misreads past the bound, and /health says "export"', async () => {
    const s = await serverWith(backend, { build: '9.x', captchaMisreads: CAPTCHA_MAX_ATTEMPTS + 2 });
    try {
      const r = await s.get('/position');
      expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      const facts = await positionPath(s);
      expect(facts).to.include({ path: 'export' });
      if (backend === 'sim') {
        expect(facts).to.include({ attempts: CAPTCHA_MAX_ATTEMPTS });
        expect(String(facts['reason'])).to.contain(`${CAPTCHA_MAX_ATTEMPTS} 次`);
      }
      expect(s.logs.join('\n')).to.contain('captcha');
    } finally {
      await s.stop();
    }
  });

  it('exports at once when this PC has no OCR language, and says why in /health', async () => {
    const s = await serverWith(backend, { build: '9.x', ocr: 'none' });
    try {
      for (let i = 0; i < 2; i++) {
        const r = await s.get('/position');
        expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
        const facts = await positionPath(s);
        expect(facts).to.include({ path: 'export', attempts: 0 });
        expect(String(facts['reason'])).to.match(/OCR|PowerShell/);
      }
    } finally {
      await s.stop();
    }
  });
});
