// The 2025–2026 captcha variants end to end: a captcha on every copy whatever the build, digit-only and
// case-sensitive codes, a dialog destroyed and recreated after a wrong code (its disappearance is not a success), a
// stale dialog left from an earlier copy (closed, the copy redone), and /health counting each path. Under Wine no OCR
// can run, so there a demanded captcha ends in the export; the names say which backend checks what.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type Backend, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';
import { SEED_POSITIONS_TEXT } from '../helpers/seed-positions.ts';

type Facts = Record<string, unknown>;

async function clientFacts(s: ServerProcess): Promise<Record<string, Facts>> {
  const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  return worker['client'] as Record<string, Facts>;
}

async function serverWith(backend: Backend, client: Record<string, unknown>): Promise<ServerProcess> {
  const env: Record<string, string> = {};
  if (backend === 'win32') env['THS_EXPORT_DIR'] = 'Z:' + mkdtempSync(path.join(os.tmpdir(), 'ths-export-')).replace(/\//g, '\\');
  return startServerProcess({ backend, env, statePath: freshState((st: SimStateFile) => { Object.assign(st.client, client); }) });
}

async function withServer(backend: Backend, client: Record<string, unknown>, body: (s: ServerProcess) => Promise<void>): Promise<void> {
  const s = await serverWith(backend, client);
  try {
    await body(s);
  } finally {
    await s.stop();
  }
}

async function positionsRead(s: ServerProcess): Promise<void> {
  const r = await s.get('/position');
  expect(r.text).to.equal(`{"status":1,"message":${SEED_POSITIONS_TEXT}}`);
}

for (const backend of e2eBackends()) describe(`e2e/captcha-variants [${backend}]: the captcha as the 2025–2026 builds show it`, function () {
  this.timeout(180_000);
  after(cleanupBackends);
  const ocr = backend === 'sim';
  const demanded = ocr ? 'captcha-ocr' : 'export';

  it(`answers a captcha demanded on every copy of an 8.x build (captchaOnCopy always): /health says "${demanded}"`, async () => {
    await withServer(backend, { build: '8.x', captchaOnCopy: 'always' }, async (s) => {
      await positionsRead(s);
      expect((await clientFacts(s))['positionPath']).to.include({ path: demanded, attempts: ocr ? 1 : 0 });
    });
  });

  for (const kind of ['digits4', 'alnum4']) {
    it(`answers a ${kind} captcha${kind === 'alnum4' ? ' (case-sensitive)' : ''} at the first attempt${ocr ? '' : ' (or exports: no OCR under Wine)'}`, async () => {
      await withServer(backend, { build: '9.x', captchaKind: kind }, async (s) => {
        await positionsRead(s);
        expect((await clientFacts(s))['positionPath']).to.include({ path: demanded, attempts: ocr ? 1 : 0 });
      });
    });
  }

  it(ocr
    ? 'takes a dialog destroyed and recreated after a wrong code for the next attempt, not for a success: "captcha-ocr" after 2 attempts, 1 recreated'
    : 'exports when a recreating build\'s captcha cannot be read (no OCR under Wine): nothing recreated', async () => {
    await withServer(backend, { build: '9.x', captchaRecreateOnWrong: true, captchaMisreads: 1 }, async (s) => {
      await positionsRead(s);
      const facts = await clientFacts(s);
      expect(facts['positionPath'], JSON.stringify(facts)).to.include({ path: demanded, attempts: ocr ? 2 : 0 });
      expect(facts['gridReads']).to.include({ recreatedCaptchas: ocr ? 1 : 0, [demanded]: 1 });
    });
  });

  it('closes a captcha dialog left from earlier (stale: refused even when right) before it copies: "copy", no captcha answered', async () => {
    await withServer(backend, { build: '8.x', leftoverCaptcha: true }, async (s) => {
      await positionsRead(s);
      const facts = await clientFacts(s);
      expect(facts['positionPath']).to.include({ path: 'copy', attempts: 0 });
      expect(facts['gridReads']).to.include({ copy: 1, 'captcha-ocr': 0, export: 0 });
      // The leftover-popup drain before each command or the stale check before each copy: either closed it, logged.
      expect(s.logs.join('\n')).to.match(/leftover popup|stale/);
    });
  });

  it('reads every grid by whichever path the client demands when it asks only sometimes, and counts each read once', async () => {
    await withServer(backend, { build: '8.x', captchaOnCopy: 'sometimes' }, async (s) => {
      for (let i = 0; i < 4; i++) await positionsRead(s);
      const counts = (await clientFacts(s))['gridReads'] as Record<string, number>;
      expect(counts['copy']! + counts['captcha-ocr']! + counts['export']!).to.equal(4);
    });
  });

  // The model's own check of its settings: under Wine the same model runs in the controller, which refuses the state
  // before any window exists, so the server's report is only observable on the simulated backend.
  (backend === 'sim' ? it : it.skip)('refuses a bad variant value at start, naming the setting and its values', async () => {
    const s = await startServerProcess({ backend, waitReady: false, statePath: freshState((st: SimStateFile) => { st.client['captchaKind'] = 'emoji'; }) });
    try {
      const reason = await (async () => {
        const end = Date.now() + 60_000;
        while (Date.now() < end) {
          const w = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
          if (w['state'] === 'failed' || w['lastError']) return JSON.stringify(w);
          await new Promise((r) => setTimeout(r, 200));
        }
        return '';
      })();
      expect(reason).to.contain('captchaKind');
      expect(reason).to.contain('digits4');
    } finally {
      await s.stop();
    }
  });
});
