// package-win.ts - `npm run package:win`: builds dist/ths-http-trader-<version>-win-x64.zip, the portable Windows
// bundle (docs/windows.md), reproducibly, and prints its SHA-256 (also written beside it as .sha256).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle } from './package-win/build.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  const started = Date.now();
  const r = buildBundle({ root: ROOT, outDir: path.join(ROOT, 'dist'), cacheDir: path.join(ROOT, '.tools', 'node-win') });
  process.stdout.write(`${path.relative(ROOT, r.zip)}: ${r.entries} files, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`SHA-256 ${r.sha256}  (${path.relative(ROOT, r.zip)}.sha256)\n`);
} catch (err) {
  process.stderr.write(`package:win: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
