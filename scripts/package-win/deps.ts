// deps.ts - the production dependencies the bundle ships, walked from package-lock.json (what `npm ls --omit=dev`
// shows), and the check that none of them is native: a *.node file, a binding.gyp, or an install script fails the build.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One installed package to copy: its folder under node_modules (lock-file key) and where it is on disk. */
export interface DepPackage {
  readonly name: string;
  /** e.g. node_modules/@modelcontextprotocol/sdk/node_modules/ajv */
  readonly location: string;
  readonly dir: string;
}

/**
 * Production dependencies left out of the bundle, with why. Each is a package whose install script is the reason
 * (install scripts fail the build), and nothing requires it at run time.
 */
export const NOT_SHIPPED: Readonly<Record<string, string>> = {
  node: 'the developers\' Node runtime from npm (a Linux binary fetched by its install script): the bundle ships node.exe',
  '@scarf/scarf': 'swagger-ui-dist\'s install-time telemetry (a postinstall script): nothing imports it at run time',
};

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
}

/** Where Node would find `name` from the package at `from` (a lock-file key, '' for the root), or undefined. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/** The production dependency tree of the project at `root` (from its package-lock.json), minus NOT_SHIPPED, sorted. */
export function productionDeps(root: string): DepPackage[] {
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = lock.packages;
  const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const found = new Map<string, DepPackage>();
  const queue: Array<[string, string, boolean]> = Object.keys(rootPkg.dependencies ?? {}).map((n) => ['', n, false]);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [from, name, optional] = item;
    if (name in NOT_SHIPPED) continue;
    const location = resolve(packages, from, name);
    if (location === undefined) {
      if (optional) continue;
      throw new Error(`package-lock.json: ${name} (needed by ${from || 'the project'}) is not in the lock file: run npm install`);
    }
    if (found.has(location)) continue;
    const entry = packages[location] ?? {};
    if (entry.link) throw new Error(`${location} is a link (workspace): the bundle copies installed packages only`);
    const dir = path.join(root, location);
    if (!existsSync(path.join(dir, 'package.json'))) {
      if (optional) continue;
      throw new Error(`${location} is in the lock file but not installed: run npm install`);
    }
    found.set(location, { name, location, dir });
    for (const dep of Object.keys(entry.dependencies ?? {})) queue.push([location, dep, false]);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) queue.push([location, dep, true]);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) queue.push([location, dep, entry.peerDependenciesMeta?.[dep]?.optional === true]);
  }
  return [...found.values()].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
}

/** Install-time script names that make a package more than files to copy. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/**
 * Why a package's files would not run from a zip on a PC without build tools: each native file, binding.gyp, or
 * install script, as `location/file: reason`. `files` are the package's files relative to its folder.
 */
export function nativeProblems(dep: DepPackage, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const base = path.posix.basename(f);
    if (f.endsWith('.node')) problems.push(`${dep.location}/${f}: a compiled Node addon (*.node)`);
    else if (base === 'binding.gyp') problems.push(`${dep.location}/${f}: a native build file (binding.gyp)`);
  }
  const pkg = JSON.parse(readFileSync(path.join(dep.dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
  for (const s of INSTALL_SCRIPTS) {
    const script = pkg.scripts?.[s];
    if (script !== undefined) problems.push(`${dep.location}/package.json: an install script ("${s}": "${script}")`);
  }
  if (pkg.gypfile === true) problems.push(`${dep.location}/package.json: "gypfile": true (native build)`);
  return problems;
}
