// The accounts of a config (src/app/accounts.ts): one per --sim-state file, numbered by the file's account.id, named
// by its account.name or base name, each with its own data folder; repeated numbers, names or files are refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AccountConfigError, accountSpecs, maskAccount } from '../../src/app/accounts.ts';
import { ConfigError, loadConfig } from '../../src/app/config.ts';

function stateFile(dir: string, file: string, account: Record<string, unknown> | null): string {
  const p = path.join(dir, file);
  if (account !== null) writeFileSync(p, JSON.stringify({ account }));
  return p;
}

describe('app/accounts: the accounts a config drives', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-accounts-'));
  const dataDir = path.join(dir, 'data');

  it('numbers each account by its file\'s account.id, names it by account.name or the base name, and gives the first the data dir itself', () => {
    const a = stateFile(dir, 'cash.json', { id: '8801234501' });
    const b = stateFile(dir, 'b.json', { id: 8801234502, name: 'margin', type: 'credit' });
    const c = stateFile(dir, 'later.json', null); // not created yet: the worker copies the sample
    const specs = accountSpecs({ backend: 'sim', simStates: [a, b, c], dataDir });
    expect(specs.map((x) => [x.id, x.name, x.type, x.simState, x.dataDir])).to.deep.equal([
      ['8801234501', 'cash', 'cash', a, dataDir],
      ['8801234502', 'margin', 'credit', b, path.join(dataDir, 'accounts', 'margin')],
      ['later', 'later', 'cash', c, path.join(dataDir, 'accounts', 'later')],
    ]);
  });

  it('drives one client on the Windows backend, in the data dir itself', () => {
    expect(accountSpecs({ backend: 'win32', simStates: ['x.json'], dataDir })).to.deep.equal([{ id: 'client', name: 'client', type: 'cash', simState: undefined, dataDir }]);
  });

  it('refuses two files with one account number, or one name, naming both files', () => {
    const a = stateFile(dir, 'one.json', { id: '8800000001' });
    const b = stateFile(dir, 'two.json', { id: '8800000001' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [a, b], dataDir })).to.throw(AccountConfigError, /8800000001.*one\.json/s);
    const sub = mkdtempSync(path.join(dir, 'sub-'));
    const c = stateFile(sub, 'one.json', { id: '8800000002' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [a, c], dataDir })).to.throw(AccountConfigError, /account\.name/);
  });

  it('refuses an account.type other than cash or credit, and a file that is not JSON, naming the file', () => {
    const bad = stateFile(dir, 'typed.json', { id: '8800000003', type: 'margin' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [bad], dataDir })).to.throw(AccountConfigError, /typed\.json.*account\.type "margin"/s);
    const junk = path.join(dir, 'junk.json');
    writeFileSync(junk, '{ not json');
    expect(() => accountSpecs({ backend: 'sim', simStates: [junk], dataDir })).to.throw(AccountConfigError, /junk\.json.*JSON/s);
  });

  it('masks an account number for the logs to its first and last two characters', () => {
    expect(maskAccount('8801234501')).to.equal('88******01');
    expect(maskAccount('1234')).to.equal('****');
  });

  it('takes --sim-state repeatedly (and THS_SIM_STATE comma-separated), the first as simState, and refuses a file given twice', () => {
    const c = loadConfig(['--sim-state', 'a.json', '--sim-state', 'b.json'], {});
    expect([c.simStates, c.simState]).to.deep.equal([['a.json', 'b.json'], 'a.json']);
    expect(loadConfig([], { THS_SIM_STATE: 'a.json,b.json' }).simStates).to.deep.equal(['a.json', 'b.json']);
    expect(loadConfig(['--data-dir', dataDir], {}).simStates).to.deep.equal([path.join(dataDir, 'sim-state.json')]);
    expect(() => loadConfig(['--sim-state', 'a.json', '--sim-state', './a.json'], {})).to.throw(ConfigError, /--sim-state: \.\/a\.json/);
  });
});
