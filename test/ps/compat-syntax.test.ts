// compat-syntax.test.ts - keeps every PowerShell file (scripts, modules, manifests) parseable and runnable on Windows
// PowerShell 5.1: the AST walker of ps51-walker.ts over ps/, rig/, test/ and examples/, and proof that it catches each
// construct.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CONSTRUCTS, walk, type Finding } from './ps51-walker.ts';
import { EXAMPLES_DIR, PS_DIR, RIG_DIR, ROOT, TEST_DIR, isPowerShellFile, listFiles } from './ps-helpers.ts';

describe('PowerShell 5.1 compatibility: syntax (ps/, rig/, test/, examples/)', function () {
  this.timeout(120_000);

  it('finds no syntax Windows PowerShell 5.1 lacks in any *.ps1, *.psm1 or *.psd1 under ps/, rig/, test/ and examples/', async function () {
    const roots = [PS_DIR, RIG_DIR, TEST_DIR, EXAMPLES_DIR];
    const files = (await Promise.all(roots.map(listFiles))).flat().filter(isPowerShellFile);
    expect(files.some((f) => f.endsWith('.psm1')), 'modules are scanned').to.equal(true);
    expect(files.some((f) => f.endsWith('.psd1')), 'manifests are scanned').to.equal(true);
    const { findings, scanned } = await walk(roots, ROOT);
    expect(scanned, 'files parsed').to.equal(files.length);
    expect(findings.map((f) => f.raw), 'PowerShell 7-only syntax (file:line: [rule])').to.deep.equal([]);
  });

  describe('catches each construct in a deliberately bad sample and passes the good one', function () {
    let dir = '';
    let findings: Finding[] = [];
    // The samples go into all three kinds of file the walker reads, in turn.
    const ext = (i: number): string => ['.ps1', '.psm1', '.psd1'][i % 3] ?? '.ps1';

    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ths-compat-'));
      for (const [i, c] of CONSTRUCTS.entries()) {
        await writeFile(path.join(dir, `bad-${i}${ext(i)}`), c.bad, 'utf8');
        await writeFile(path.join(dir, `good-${i}${ext(i)}`), c.good, 'utf8');
      }
      ({ findings } = await walk([dir], dir));
    });

    after(async function () {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    for (const [i, c] of CONSTRUCTS.entries()) {
      it(`flags ${c.title} at file:line (in a ${ext(i)} file), and not its 5.1 form`, function () {
        const bad = findings.filter((f) => f.file === `bad-${i}${ext(i)}`);
        expect(bad.map((f) => `${f.line} [${f.rule}]`), `findings for bad-${i}${ext(i)}`).to.include(`${c.badLine} [${c.rule}]`);
        const good = findings.filter((f) => f.file === `good-${i}${ext(i)}`);
        expect(good.map((f) => f.raw), `findings for good-${i}${ext(i)}`).to.deep.equal([]);
      });
    }
  });
});
