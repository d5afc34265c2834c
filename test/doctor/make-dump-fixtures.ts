// make-dump-fixtures.ts - remakes test/fixtures/dumps/*.json from the Win32 double under Wine: for each variant of
// DUMP_VARIANTS, starts the controller + double on that state and runs `doctor --backend win32 --dump`.
// Run (never two Wine runs at once):  flock /tmp/wine.lock node test/doctor/make-dump-fixtures.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WRAPPER, killWineServer, runSetup, startController, win32SkipReason } from '../../rig/win32/bench.ts';
import { DUMPS_DIR, DUMP_VARIANTS, runDoctor, writeVariantState } from './helpers.ts';

const why = win32SkipReason();
if (why !== null) throw new Error(`needs the Wine bench: ${why}`);
await runSetup();
await killWineServer();
const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-dumps-'));
try {
  for (const [name, client] of Object.entries(DUMP_VARIANTS)) {
    const state = path.join(dir, `${name}.state.json`);
    writeVariantState(state, client);
    const { proc } = await startController(state);
    try {
      const out = path.join(DUMPS_DIR, `${name}.json`);
      const r = await runDoctor(['--backend', 'win32', '--powershell', WRAPPER, '--dump', out]);
      process.stdout.write(`${name}: exit ${String(r.code)}\n${r.stdout}`);
      if (r.code !== 0) process.stderr.write(r.stderr.slice(-3000));
    } finally {
      await proc.stop();
    }
  }
} finally {
  await killWineServer();
  rmSync(dir, { recursive: true, force: true });
}
