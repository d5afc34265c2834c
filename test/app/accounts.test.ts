// The accounts of a config (src/app/accounts.ts): one per --sim-state file, numbered by the file's account.id, named
// by its account.name or base name, each with its own data folder; repeated numbers, names or files are refused; on the
// Windows backend one per --client ACCOUNT=EXE.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { AccountConfigError, accountSpecs, discoveredSpec, maskAccount } from '../../src/app/accounts.ts';
import { pickAccount, type AccountDoor } from '../../src/trading/accounts.ts';
import type { Trading } from '../../src/trading/trading.ts';
import { GatewayError } from '../../src/core/errors.ts';
import { ConfigError, loadConfig } from '../../src/app/config.ts';
import { workerArgs } from '../../src/app/account-runtime.ts';

function stateFile(dir: string, file: string, account: Record<string, unknown> | null): string {
  const p = path.join(dir, file);
  if (account !== null) writeFileSync(p, JSON.stringify({ account }));
  return p;
}

describe('app/accounts: the accounts a config drives', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-accounts-'));
  const dataDir = path.join(dir, 'data');

  it('numbers each account by its file\'s account.id, names it by account.name or the base name, and gives each its own folder by number', () => {
    const a = stateFile(dir, 'cash.json', { id: '8801234501' });
    const b = stateFile(dir, 'b.json', { id: 8801234502, name: 'margin', type: 'credit' });
    const c = stateFile(dir, 'later.json', null); // not created yet: the worker copies the sample
    const specs = accountSpecs({ backend: 'sim', simStates: [a, b, c], dataDir });
    expect(specs.map((x) => [x.id, x.name, x.type, x.simState, x.dataDir])).to.deep.equal([
      ['8801234501', 'cash', 'cash', a, path.join(dataDir, 'accounts', '8801234501')],
      ['8801234502', 'margin', 'credit', b, path.join(dataDir, 'accounts', '8801234502')],
      ['later', 'later', 'cash', c, path.join(dataDir, 'accounts', 'later')],
    ]);
  });

  it('keeps a single account in the data dir itself, whatever its file says', () => {
    const only = stateFile(dir, 'only.json', { id: '88 01', name: '现金' });
    expect(accountSpecs({ backend: 'sim', simStates: [only], dataDir }).map((x) => [x.id, x.name, x.dataDir])).to.deep.equal([['88 01', '现金', dataDir]]);
  });

  it('drives one client on the Windows backend, in the data dir itself', () => {
    expect(accountSpecs({ backend: 'win32', simStates: ['x.json'], dataDir })).to.deep.equal([{ id: 'client', name: 'client', type: 'cash', simState: undefined, dataDir }]);
  });

  it('drives one client per --client on the Windows backend, named by it, with its exe and its own folder; one --client keeps the data dir', () => {
    const clients = ['gj=C:\\同花顺\\国金\\xiadan.exe', 'hx=D:\\hx\\xia=dan.exe'];
    const specs = accountSpecs({ backend: 'win32', simStates: [], clients, dataDir });
    expect(specs.map((x) => [x.id, x.name, x.type, x.clientExe, x.dataDir])).to.deep.equal([
      ['gj', 'gj', 'cash', 'C:\\同花顺\\国金\\xiadan.exe', path.join(dataDir, 'accounts', 'gj')],
      ['hx', 'hx', 'cash', 'D:\\hx\\xia=dan.exe', path.join(dataDir, 'accounts', 'hx')],
    ]);
    expect(accountSpecs({ backend: 'win32', simStates: [], clients: [clients[0]!], dataDir })[0]!.dataDir).to.equal(dataDir);
    expect(workerArgs({ backend: 'win32', simState: '', clientExe: specs[0]!.clientExe }).slice(-2)).to.deep.equal(['-ClientExe', 'C:\\同花顺\\国金\\xiadan.exe']);
  });

  it('refuses at start a --client that is not ACCOUNT=EXE, repeats a name or an exe (ignoring case), or comes with the simulated backend', () => {
    const win = ['--backend', 'win32', '--data-dir', dataDir];
    expect(() => loadConfig([...win, '--client', 'C:\\x\\xiadan.exe'], {})).to.throw(ConfigError, /--client: client must be ACCOUNT=EXE/);
    expect(() => loadConfig([...win, '--client', 'a b=C:\\x\\xiadan.exe'], {})).to.throw(ConfigError, /--client: client must be ACCOUNT=EXE/);
    expect(() => loadConfig([...win, '--client', 'gj=C:\\x\\xiadan.exe', '--client', 'GJ=C:\\y\\xiadan.exe'], {})).to.throw(ConfigError, /--client: GJ=.*账户名/);
    expect(() => loadConfig([...win, '--client', 'gj=C:\\x\\xiadan.exe', '--client', 'hx=c:/X/XIADAN.exe'], {})).to.throw(ConfigError, /--client: hx=.*程序路径/);
    expect(() => loadConfig(['--backend', 'sim', '--data-dir', dataDir, '--client', 'gj=C:\\x\\xiadan.exe'], {})).to.throw(ConfigError, /--client: 只用于 --backend win32/);
    expect(loadConfig([...win], { THS_CLIENTS: 'gj=C:\\x\\xiadan.exe,hx=C:\\y\\xiadan.exe' }).clients).to.deep.equal(['gj=C:\\x\\xiadan.exe', 'hx=C:\\y\\xiadan.exe']);
  });

  it('starts --discover with no account, numbers a found client by its first shareholder account (sorted) or the one its folder holds, and gives the worker its process', () => {
    expect(accountSpecs({ backend: 'win32', simStates: [], dataDir, discover: true })).to.deep.equal([]);
    const found = discoveredSpec(dataDir, { pid: 4242, credit: true }, ['A123456789', '0123456789'], undefined);
    expect([found.id, found.name, found.type, found.clientPid, found.shareholders, found.dataDir]).to.deep.equal(['0123456789', '0123456789', 'credit', 4242, ['0123456789', 'A123456789'], path.join(dataDir, 'accounts', '0123456789')]);
    expect(discoveredSpec(dataDir, { pid: 1, credit: null }, ['A123456789'], 'E000000001').id, 'a folder already marked with one of them').to.equal('E000000001');
    expect(discoveredSpec(dataDir, { pid: 1, credit: null }, ['A1'], undefined).type, 'a kind not told: cash').to.equal('cash');
    expect(workerArgs({ backend: 'win32', simState: '', clientPid: 4242 }).slice(-2)).to.deep.equal(['-ClientPid', '4242']);
  });

  it('refuses --discover with the simulated backend or beside --client, and reads THS_DISCOVER', () => {
    const win = ['--backend', 'win32', '--data-dir', dataDir];
    expect(() => loadConfig(['--backend', 'sim', '--data-dir', dataDir, '--discover'], {})).to.throw(ConfigError, /--discover: 只用于 --backend win32/);
    expect(() => loadConfig([...win, '--discover', '--client', 'gj=C:\\x\\xiadan.exe'], {})).to.throw(ConfigError, /--discover: 不能和 --client 一起用/);
    expect(loadConfig(win, { THS_DISCOVER: '1' }).discover).to.equal(true);
    expect(loadConfig(win, {}).discover).to.equal(false);
  });

  it('picks an account by its number, its name or (--discover) a shareholder account; with none found yet, client_not_found', () => {
    const door = (id: string, aliases?: string[]): AccountDoor => ({ id, name: `n${id}`, type: 'cash', trading: undefined as unknown as Trading, aliases });
    const doors = [door('0123456789', ['0123456789', 'A123456789']), door('0600000001', ['0600000001'])];
    expect(pickAccount(doors, 'A123456789').id).to.equal('0123456789');
    expect(pickAccount(doors, 'n0600000001').id).to.equal('0600000001');
    expect(() => pickAccount(doors, 'A999')).to.throw(GatewayError).with.property('code', 'unknown_account');
    expect(() => pickAccount([], undefined)).to.throw(GatewayError).with.property('code', 'client_not_found');
    expect(() => pickAccount([], 'A123456789')).to.throw(GatewayError).with.property('code', 'client_not_found');
    expect(pickAccount([doors[0]!], undefined).id, 'one account: optional').to.equal('0123456789');
    expect(() => pickAccount([doors[0]!], undefined, true), '--discover: required even with one').to.throw(GatewayError).with.property('code', 'account_required');
  });

  it('refuses two files with one account number, or one name (ignoring case), naming both files', () => {
    const a = stateFile(dir, 'one.json', { id: '8800000001' });
    const b = stateFile(dir, 'two.json', { id: '8800000001' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [a, b], dataDir })).to.throw(AccountConfigError, /two\.json.*8800000001.*one\.json/s);
    const sub = mkdtempSync(path.join(dir, 'sub-'));
    const c = stateFile(sub, 'one.json', { id: '8800000002' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [a, c], dataDir })).to.throw(AccountConfigError, /sub-.*one\.json.*account\.name/s);
    const d = stateFile(dir, 'three.json', { id: '8800000003', name: 'Cash' });
    const e = stateFile(dir, 'four.json', { id: '8800000004', name: 'cash' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [d, e], dataDir })).to.throw(AccountConfigError, /four\.json.*three\.json/s);
  });

  it('refuses, with several accounts, a number or name a folder cannot carry (`..`, spaces, Chinese), naming the file', () => {
    const ok = stateFile(dir, 'ok.json', { id: '8800000005' });
    const dots = stateFile(dir, 'dots.json', { id: '..' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [ok, dots], dataDir })).to.throw(AccountConfigError, /dots\.json.*account\.id "\.\."/s);
    const zh = stateFile(dir, 'zh.json', { id: '8800000006', name: '信用 账户' });
    expect(() => accountSpecs({ backend: 'sim', simStates: [ok, zh], dataDir })).to.throw(AccountConfigError, /zh\.json.*account\.name/s);
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
