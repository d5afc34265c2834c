// bundle-rig.ts - the Windows bundle as Windows programs under Wine, for test/win32/bundle.test.ts: unpack the zip into
// a folder with spaces and Chinese characters in the bench's prefix, swap in Node 22's node.exe (24's cannot start
// under Wine 8), a Chinese system locale (code page 936), and the processes of one run found by a marker.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WIN32_DIR, WINE_PREFIX, wineEnv } from '../../rig/win32/bench.ts';
import { readZip } from '../../scripts/package-win/zip.ts';

/** The bundle's parent folder in the prefix, as Windows sees it and as Linux does. */
export const BUNDLE_PARENT_WIN = 'C:\\交易 工具\\ths 网关';
export const BUNDLE_PARENT = path.join(WINE_PREFIX, 'drive_c', '交易 工具', 'ths 网关');
/** The prefix user's %LOCALAPPDATA%\ths-http-trader (Wine's user folder is the Linux user's name). */
export const WINDOWS_DATA_DIR = path.join(WINE_PREFIX, 'drive_c', 'users', os.userInfo().username, 'AppData', 'Local', 'ths-http-trader');
/** glibc's zh_CN.UTF-8, compiled once: Wine takes the Windows locale (zh-CN, ANSI / OEM code page 936) and the
 * charset of file names and arguments from it. */
const LOCALE_DIR = path.join(WIN32_DIR, 'locale');
/** localedef of one locale: ~7 s measured. */
const LOCALEDEF_TIMEOUT_MS = 120_000;
/** reg add: well under a second once the prefix's server runs. */
const WINE_REG_TIMEOUT_MS = 60_000;

/** Builds zh_CN.UTF-8 under .tools/win32/locale when missing; throws with what to install when it cannot. */
export function ensureChineseLocale(): void {
  if (existsSync(path.join(LOCALE_DIR, 'zh_CN.UTF-8', 'LC_CTYPE'))) return;
  mkdirSync(LOCALE_DIR, { recursive: true });
  const r = spawnSync('localedef', ['-i', 'zh_CN', '-f', 'UTF-8', path.join(LOCALE_DIR, 'zh_CN.UTF-8')], { encoding: 'utf8', timeout: LOCALEDEF_TIMEOUT_MS });
  if (!existsSync(path.join(LOCALE_DIR, 'zh_CN.UTF-8', 'LC_CTYPE'))) {
    throw new Error(`localedef zh_CN.UTF-8 failed (Debian: apt-get install -y locales): ${r.stderr || String(r.error)}`);
  }
}

/** The environment of the run's Windows programs: the bench's, a Chinese locale, and `marker` to find them by. */
export function bundleEnv(marker: string): NodeJS.ProcessEnv {
  return wineEnv({ LOCPATH: LOCALE_DIR, LC_ALL: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8', THS_BUNDLE_RUN: marker });
}

/** Node 22 refuses Windows 7, which the prefix reports: Windows 10 for node.exe only (Wine's per-program setting). */
export function nodeAsWindows10(): void {
  const r = spawnSync('wine', ['reg', 'add', 'HKCU\\Software\\Wine\\AppDefaults\\node.exe', '/v', 'Version', '/t', 'REG_SZ', '/d', 'win10', '/f'],
    { env: wineEnv(), encoding: 'utf8', timeout: WINE_REG_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`wine reg add AppDefaults\\node.exe failed: ${r.stderr || String(r.error)}`);
}

/** Unpacks `zip` into BUNDLE_PARENT (emptied first) with `nodeExe` as node\node.exe; returns the bundle's Linux folder. */
export function unpackBundle(zip: string, nodeExe: string): string {
  rmSync(BUNDLE_PARENT, { recursive: true, force: true });
  let top = '';
  for (const e of readZip(readFileSync(zip))) {
    const file = path.join(BUNDLE_PARENT, ...e.name.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, e.data);
    top = e.name.split('/')[0] ?? '';
  }
  const dir = path.join(BUNDLE_PARENT, top);
  writeFileSync(path.join(dir, 'node', 'node.exe'), readFileSync(nodeExe));
  return dir;
}

/** Linux pids of this run's processes (environment holds THS_BUNDLE_RUN=marker), with their command lines. */
export function runProcesses(marker: string): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`THS_BUNDLE_RUN=${marker}`)) continue;
      found.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
