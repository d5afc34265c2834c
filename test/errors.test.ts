import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERRORS } from '../src/errors.ts';
import { ROOT } from './helpers/pwsh.ts';

describe('errors: the one error-code registry', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const rows = new Map<string, number>();
  for (const m of readme.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)) rows.set(m[1]!, Number(m[2]));

  it('documents every registered code in the README table with its HTTP status', () => {
    const missing = Object.entries(ERRORS).filter(([code, spec]) => rows.get(code) !== spec.http).map(([code, spec]) => `${code} (${spec.http})`);
    expect(missing, 'codes missing from README or with another HTTP status').to.deep.equal([]);
  });

  it('documents no code that the registry lacks', () => {
    const extra = [...rows.keys()].filter((code) => !Object.hasOwn(ERRORS, code));
    expect(extra).to.deep.equal([]);
  });

  it('gives every code a Chinese and an English message and an HTTP status from the documented set', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(spec.zh, code).to.match(/[\u4e00-\u9fff]/);
      expect(spec.en, code).to.match(/^[\x20-\x7e]+$/);
      expect([200, 400, 401, 403, 404, 405, 409, 413, 429, 500, 502, 503, 504], code).to.include(spec.http);
    }
  });
});
