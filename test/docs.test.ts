// docs.test.ts - README.md stays a short first page; every docs/ page is one link away and every relative link lands.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/pwsh.ts';

/** How many lines a first screen shows; the two set-up commands must be within it. */
const FIRST_SCREEN_LINES = 25;
/** The README is one short page in each language, not a reference. */
const README_MAX_LINES = 120;
/** Pages owned elsewhere, in English only: linked, not checked for a Chinese half. */
const ENGLISH_ONLY = new Set(['PROTOCOL.md', 'WINDOW-PORT.md']);

const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');
const docsPages = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort();
const markdownFiles = ['README.md', ...docsPages.map((f) => `docs/${f}`)];

/** Markdown without its fenced code blocks (a `# comment` in a block is no heading, a `[x](y)` in one no link). */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links of a page: [text](target) with no scheme. */
function relativeLinks(md: string): string[] {
  return [...prose(md).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('docs: README.md is the first page, docs/ the reference', () => {
  const readme = read('README.md');
  const lines = readme.split('\n');

  it(`shows the two set-up commands, npm start and npm test, in the first ${FIRST_SCREEN_LINES} lines`, () => {
    const screen = lines.slice(0, FIRST_SCREEN_LINES).join('\n');
    expect(screen).to.match(/^npm start\b/m);
    expect(screen).to.match(/^npm test\b/m);
  });

  it(`stays a short page (at most ${README_MAX_LINES} lines), Chinese first and English after`, () => {
    expect(lines.length).to.be.at.most(README_MAX_LINES);
    const english = lines.indexOf('## English');
    expect(english, 'an "## English" heading').to.be.greaterThan(0);
    expect(lines.slice(0, english).join('\n')).to.match(/[\u4e00-\u9fff]/);
  });

  it("shows one example of each of the seed's four calls", () => {
    for (const route of ['/balance', '/position', '/buy', '/sell']) {
      expect(readme, route).to.match(new RegExp(`^(curl|requests)\\b.*8888${route}\\b`, 'm'));
    }
  });

  it('links every docs/ page from the README and from docs/README.md', () => {
    const fromReadme = new Set(relativeLinks(readme).map((t) => path.posix.normalize(t.split('#')[0]!)));
    const fromIndex = new Set(relativeLinks(read('docs/README.md')).map((t) => path.posix.normalize(`docs/${t.split('#')[0]!}`)));
    const unlinked = docsPages.map((f) => `docs/${f}`).filter((f) => !fromReadme.has(f));
    const unindexed = docsPages.filter((f) => f !== 'README.md').map((f) => `docs/${f}`).filter((f) => !fromIndex.has(f));
    expect(unlinked, 'not linked from README.md').to.deep.equal([]);
    expect(unindexed, 'not listed in docs/README.md').to.deep.equal([]);
  });

  it('gives every docs/ page of ours a Chinese half and then an English one', () => {
    const bad = docsPages.filter((f) => !ENGLISH_ONLY.has(f) && f !== 'README.md').filter((f) => {
      const page = read(`docs/${f}`);
      const at = page.indexOf('\n## English\n');
      return at < 0 || !/[\u4e00-\u9fff]/.test(prose(page.slice(0, at)).replace(/^#.*$/m, ''));
    });
    expect(bad).to.deep.equal([]);
  });

  it('has no relative link to a missing file or a missing heading', () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      for (const target of relativeLinks(read(file))) {
        const [rel, hash] = target.split('#') as [string, string | undefined];
        const dest = rel === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), rel));
        if (!existsSync(path.join(ROOT, dest))) broken.push(`${file}: ${target} (no file)`);
        else if (hash !== undefined && dest.endsWith('.md') && !anchors(read(dest)).has(decodeURIComponent(hash))) broken.push(`${file}: ${target} (no heading)`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it('names only repository paths that exist (src/, ps/, test/, rig/, scripts/, bench/, .ci/)', () => {
    const missing: string[] = [];
    for (const file of markdownFiles.filter((f) => !ENGLISH_ONLY.has(path.basename(f)))) {
      for (const m of read(file).matchAll(/(?<![\w/.-])(?:src|ps|test|rig|scripts|bench|\.ci)\/[\w./-]*[\w/]/g)) {
        if (!existsSync(path.join(ROOT, m[0]))) missing.push(`${file}: ${m[0]}`);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});
