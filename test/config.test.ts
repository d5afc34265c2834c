import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ConfigError, loadConfig } from '../src/app/config.ts';
import { ROOT } from './helpers/pwsh.ts';

const TOKEN = 'a-long-enough-token-0123456789';
const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-config-'));
const env = { THS_DATA_DIR: dir };

describe('config: safe defaults and the security flags', () => {
  it('listens on 127.0.0.1 with no token, no extra hosts or origins, no limits and no dry run by default', () => {
    const c = loadConfig([], env);
    expect(c.host).to.equal('127.0.0.1');
    expect(c.token).to.equal(undefined);
    expect(c.allowHosts).to.deep.equal([]);
    expect(c.allowOrigins).to.deep.equal([]);
    expect(c.risk).to.equal(undefined);
    expect(c.dryRun).to.equal(false);
  });

  for (const host of ['0.0.0.0', '::', '192.168.1.20', 'trader.lan']) {
    it(`refuses to listen on ${host} without a token, saying how to set one`, () => {
      expect(() => loadConfig(['--host', host], env)).to.throw(ConfigError, /--host: .*必须同时设置访问令牌.*--token-file/);
      expect(() => loadConfig([], { ...env, THS_HOST: host })).to.throw(ConfigError, /requires a token/);
    });
  }

  it('listens beyond loopback with a token, and accepts a specific listen address as a Host name', () => {
    const c = loadConfig(['--host', '192.168.1.20', '--token', TOKEN], env);
    expect(c.token).to.equal(TOKEN);
    expect(c.allowHosts).to.deep.equal(['192.168.1.20']);
    expect(loadConfig(['--host', '0.0.0.0'], { ...env, THS_TOKEN: TOKEN }).allowHosts).to.deep.equal([]);
    for (const h of ['localhost', '127.0.0.2', '::1']) expect(loadConfig(['--host', h], env).host).to.equal(h);
    expect(loadConfig(['--host', '127.0.0.2'], env).allowHosts).to.deep.equal(['127.0.0.2']);
  });

  it('reads the token from a file (trimmed), and refuses a short one, both forms at once, or a missing file', () => {
    const f = path.join(dir, 'token.txt');
    writeFileSync(f, `\uFEFF${TOKEN}\r\n`);
    expect(loadConfig(['--token-file', f], env).token).to.equal(TOKEN);
    expect(loadConfig([], { ...env, THS_TOKEN_FILE: f }).token).to.equal(TOKEN);
    expect(() => loadConfig(['--token', 'short'], env)).to.throw(ConfigError, /--token: token must be at least 16 characters/);
    expect(() => loadConfig(['--token', 'has a space in the middle ok'], env)).to.throw(ConfigError, /without spaces/);
    expect(() => loadConfig(['--token', TOKEN, '--token-file', f], env)).to.throw(ConfigError, /either --token or --token-file/);
    expect(() => loadConfig(['--token-file', path.join(dir, 'nope')], env)).to.throw(ConfigError, /--token-file: cannot read/);
  });

  it('never puts the token into an error message', () => {
    const secret = 'ThisIsSecret but has spaces';
    try {
      loadConfig(['--token', secret], env);
      expect.fail('should throw');
    } catch (err) {
      expect((err as Error).message).not.to.contain('ThisIsSecret');
    }
  });

  it('takes extra Host names and origins from repeated flags or comma-separated variables, normalised', () => {
    const c = loadConfig(['--allow-host', 'Trader.LAN', '--allow-host', '[::1]', '--allow-origin', 'http://Dash.lan:3000/'], env);
    expect(c.allowHosts).to.deep.equal(['trader.lan', '::1']);
    expect(c.allowOrigins).to.deep.equal(['http://dash.lan:3000']);
    const e = loadConfig([], { ...env, THS_ALLOW_HOSTS: 'a.lan, b.lan', THS_ALLOW_ORIGINS: 'https://x.example' });
    expect(e.allowHosts).to.deep.equal(['a.lan', 'b.lan']);
    expect(e.allowOrigins).to.deep.equal(['https://x.example']);
    expect(() => loadConfig(['--allow-host', 'a.lan:8888'], env)).to.throw(ConfigError, /--allow-host: "a.lan:8888"/);
    expect(() => loadConfig(['--allow-origin', 'null'], env)).to.throw(ConfigError, /--allow-origin: "null"/);
  });

  it('reads --dry-run and THS_DRY_RUN', () => {
    expect(loadConfig(['--dry-run'], env).dryRun).to.equal(true);
    for (const v of ['1', 'true', 'YES', 'on']) expect(loadConfig([], { ...env, THS_DRY_RUN: v }).dryRun, v).to.equal(true);
    for (const v of ['0', 'false', 'no', 'off']) expect(loadConfig([], { ...env, THS_DRY_RUN: v }).dryRun, v).to.equal(false);
    expect(() => loadConfig([], { ...env, THS_DRY_RUN: 'maybe' })).to.throw(ConfigError, /--dry-run: dry run must be/);
  });

  it('loads --risk-config / THS_RISK_CONFIG, and reports a bad file naming the key', () => {
    const good = path.join(dir, 'risk.json');
    writeFileSync(good, '{"max_shares_per_order": 500}');
    expect(loadConfig(['--risk-config', good], env).risk).to.deep.equal({ max_shares_per_order: 500 });
    expect(loadConfig([], { ...env, THS_RISK_CONFIG: good }).risk).to.deep.equal({ max_shares_per_order: 500 });
    const bad = path.join(dir, 'bad-risk.json');
    writeFileSync(bad, '{"max_order_value": "lots"}');
    expect(() => loadConfig(['--risk-config', bad], env)).to.throw(ConfigError, /--risk-config: .*\n\s+max_order_value: must be a positive number/);
  });

  it('refuses to start the real server on 0.0.0.0 without a token: exit code 2 and a clear message', async function () {
    this.timeout(20_000);
    const r = await execa(process.execPath, ['src/main.ts', '--host', '0.0.0.0', '--port', '0'], { cwd: ROOT, reject: false, timeout: 15_000, env: { THS_TOKEN: '', THS_TOKEN_FILE: '' } });
    expect(r.exitCode).to.equal(2);
    expect(r.stderr).to.contain('--host: 0.0.0.0 不是本机回环地址').and.to.contain('--token-file');
    expect(r.stdout).not.to.contain('listening');
  });
});
