// errors.test.ts - the error-code registry and the table in docs/errors.md say the same, code for code and status for status.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRORS } from '../src/core/errors.ts';
import { ROOT } from './helpers/pwsh.ts';

// The error-code table lives in docs/errors.md; README.md links to it.
const TABLE_PAGE = path.join('docs', 'errors.md');

describe('errors: the one error-code registry', () => {
  const page = readFileSync(path.join(ROOT, TABLE_PAGE), 'utf8');
  const listed = [...page.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => ({ code: m[1]!, http: Number(m[2]) }));
  const rows = new Map(listed.map(({ code, http }) => [code, http]));

  it(`documents every registered code in the ${TABLE_PAGE} table with its HTTP status`, () => {
    const missing = Object.entries(ERRORS).filter(([code, spec]) => rows.get(code) !== spec.http).map(([code, spec]) => `${code} (${spec.http})`);
    expect(missing, `codes missing from ${TABLE_PAGE} or with another HTTP status`).to.deep.equal([]);
  });

  it('documents no code that the registry lacks', () => {
    const extra = [...rows.keys()].filter((code) => !Object.hasOwn(ERRORS, code));
    expect(extra).to.deep.equal([]);
  });

  it('lists each code once in the table', () => {
    const twice = listed.map((r) => r.code).filter((code, i, all) => all.indexOf(code) !== i);
    expect(twice).to.deep.equal([]);
  });

  it('gives every code a Chinese and an English message and an HTTP status from the documented set', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(spec.zh, code).to.match(/[\u4e00-\u9fff]/);
      expect(spec.en, code).to.match(/^[\x20-\x7e]+$/);
      expect([200, 400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 503, 504], code).to.include(spec.http);
    }
  });
});
