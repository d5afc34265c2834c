// The folders of a server with several accounts (src/app/account-folders.ts): each locked like the data dir and
// marked with its account number; a folder marked for another account is never opened for this one.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { ACCOUNT_MARK_FILE, AccountFolderError, accountOfShareholders, lockAccountFolder, lockAccountFolders } from '../../src/app/account-folders.ts';
import type { AccountSpec } from '../../src/app/accounts.ts';

const logger = pino({ level: 'silent' });
const info = { version: 'test', port: null };

function spec(dataDir: string, id: string): AccountSpec {
  return { id, name: id, type: 'cash', simState: `${id}.json`, dataDir: path.join(dataDir, 'accounts', id) };
}

describe('app/account-folders: a locked, marked folder per account', () => {
  it('marks each folder with its account number, and takes nothing with one account', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-folders-'));
    expect(lockAccountFolders([spec(dir, 'a')], info, logger)).to.deep.equal([]);
    const locks = lockAccountFolders([spec(dir, 'a'), spec(dir, 'b')], info, logger);
    try {
      expect(locks).to.have.length(2);
      expect(JSON.parse(readFileSync(path.join(dir, 'accounts', 'b', ACCOUNT_MARK_FILE), 'utf8'))).to.deep.equal({ account: 'b' });
    } finally {
      for (const l of locks) l.release();
    }
  });

  it('refuses a folder another server holds, releasing the locks it took', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-folders-'));
    const held = lockAccountFolders([spec(dir, 'x'), spec(dir, 'b')], info, logger);
    try {
      expect(() => lockAccountFolders([spec(dir, 'a'), spec(dir, 'b')], info, logger)).to.throw(AccountFolderError, /账户 b/);
      // a's lock was released on the way out: taking it again works.
      const again = lockAccountFolders([spec(dir, 'a'), spec(dir, 'c')], info, logger);
      for (const l of again) l.release();
    } finally {
      for (const l of held) l.release();
    }
  });

  it('refuses a folder marked for another account (a number reused as another account\'s folder name)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-folders-'));
    for (const l of lockAccountFolders([spec(dir, 'a'), spec(dir, 'b')], info, logger)) l.release();
    const moved: AccountSpec = { ...spec(dir, 'c'), dataDir: path.join(dir, 'accounts', 'a') };
    expect(() => lockAccountFolders([moved, spec(dir, 'b')], info, logger)).to.throw(AccountFolderError, /属于账户 a，不是 c/);
  });

  it('(--discover) marks a folder with its shareholder accounts, adds one shown later, and finds the account by any of them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-folders-'));
    const mark = (id: string): unknown => JSON.parse(readFileSync(path.join(dir, 'accounts', id, ACCOUNT_MARK_FILE), 'utf8'));
    expect(accountOfShareholders(dir, ['0123456789'])).to.equal(undefined);
    let lock = lockAccountFolder({ ...spec(dir, '0123456789'), shareholders: ['0123456789'] }, info, logger);
    lock.release();
    expect(mark('0123456789')).to.deep.equal({ account: '0123456789', shareholders: ['0123456789'] });
    expect(accountOfShareholders(dir, ['A123456789', '0123456789'])).to.equal('0123456789');
    expect(accountOfShareholders(dir, ['A123456789'])).to.equal(undefined);
    lock = lockAccountFolder({ ...spec(dir, '0123456789'), shareholders: ['0123456789', 'A123456789'] }, info, logger);
    lock.release();
    expect(mark('0123456789')).to.deep.equal({ account: '0123456789', shareholders: ['0123456789', 'A123456789'] });
    expect(accountOfShareholders(dir, ['A123456789'])).to.equal('0123456789');
  });
});
