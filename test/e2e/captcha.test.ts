// Positions on a build whose grid copy demands a captcha ("9.x"), end to end: the captcha read by the port's OCR
// (misreads that recover within the retry bound), the save-to-file export when they do not, and /health saying which
// path works. Each asserts the seed's positions come out identical. Under Wine (win32) no OCR can run, so there the
// captcha tests check the export fallback instead, and their names say so.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type Backend, type ServerProcess, type SimStateFile, simOnly } from '../helpers/server-process.ts';
import { SEED_POSITIONS_TEXT } from '../helpers/seed-positions.ts';

/** The worker's bound on OCR attempts per captcha dialog (ps/ThsWorker/Private/Constants.ps1 CAPTCHA_MAX_ATTEMPTS). */
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
  // Under Wine there is no OCR either: the no-OCR-language case is the export case again, so it runs on sim only.
  const onSim = simOnly(backend);
  this.timeout(180_000);
  after(cleanupBackends);
  // Windows' OCR does not exist under Wine: there the worker finds on the first captcha dialog that OCR cannot run
  // (0 attempts), cancels the dialog and exports, and later reads export at once. So on win32 the two captcha tests
  // below check the export fallback, and say so; the OCR answer itself is checked on the simulated backend only.
  const OCR_UNAVAILABLE = /^无法识别验证码：/; // Read-ThsGridContent's reason when the port's OCR cannot run

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

  const ocrName = backend === 'sim'
    ? `answers the captcha with OCR, recovering from ${CAPTCHA_MAX_ATTEMPTS - 1} misreads, and /health says "captcha-ocr" after ${CAPTCHA_MAX_ATTEMPTS} attempts`
    : 'falls back to the export when the captcha cannot be read (no Windows OCR under Wine), and /health says "export" after 0 OCR attempts, with why';
  it(ocrName, async () => {
    const s = await serverWith(backend, { build: '9.x', captchaMisreads: CAPTCHA_MAX_ATTEMPTS - 1 });
    try {
      const r = await s.get('/position');
      expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      const facts = await positionPath(s);
      if (backend === 'sim') {
        expect(facts).to.include({ path: 'captcha-ocr', command: 'position', attempts: CAPTCHA_MAX_ATTEMPTS, reason: null });
      } else {
        expect(facts).to.include({ path: 'export', command: 'position', attempts: 0 });
        expect(String(facts['reason'])).to.match(OCR_UNAVAILABLE);
      }
      // Every captcha dialog is misread the same way (client.captchaMisreads counts per dialog) and recovers again;
      // under Wine the worker remembers that OCR cannot run and exports at once.
      const again = await s.get('/position', { method: 'POST' });
      expect(again.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      const next = await positionPath(s);
      expect(next['at'], 'a fact from the second read').not.to.equal(facts['at']);
      if (backend === 'sim') {
        expect(next).to.include({ path: 'captcha-ocr', attempts: CAPTCHA_MAX_ATTEMPTS, reason: null });
      } else {
        expect(next).to.include({ path: 'export', attempts: 0 });
        expect(String(next['reason'])).to.match(OCR_UNAVAILABLE);
      }
    } finally {
      await s.stop();
    }
  });

  const boundName = backend === 'sim'
    ? `falls back to the save-to-file export (GBK) when OCR misreads past the bound of ${CAPTCHA_MAX_ATTEMPTS}, and /health says "export" and why`
    : 'falls back to the save-to-file export (GBK) when the captcha cannot be read (no Windows OCR under Wine), and /health says "export" and why';
  it(boundName, async () => {
    const s = await serverWith(backend, { build: '9.x', captchaMisreads: CAPTCHA_MAX_ATTEMPTS + 2 });
    try {
      const r = await s.get('/position');
      expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
      const facts = await positionPath(s);
      expect(facts).to.include({ path: 'export', command: 'position' });
      if (backend === 'sim') {
        expect(facts).to.include({ attempts: CAPTCHA_MAX_ATTEMPTS });
        expect(String(facts['reason'])).to.contain(`${CAPTCHA_MAX_ATTEMPTS} 次`);
      } else {
        expect(facts).to.include({ attempts: 0 });
        expect(String(facts['reason'])).to.match(OCR_UNAVAILABLE);
      }
      expect(s.logs.join('\n')).to.contain('captcha');
    } finally {
      await s.stop();
    }
  });

  onSim('exports at once when this PC has no OCR language, and says why in /health', async () => {
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
