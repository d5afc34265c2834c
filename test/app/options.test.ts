// options.test.ts - the one options table (src/app/options.ts) drives the parser, --help and the docs page: every
// option is parsed from its flag and from its variable, shown in --help unless hidden, and docs/configuration.md
// carries exactly the generated table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { USAGE, loadConfig } from '../../src/app/config.ts';
import { OPTIONS, optionsMarkdown, type OptionSpec } from '../../src/app/options.ts';
import { ROOT } from '../helpers/pwsh.ts';

/** A valid value for an option of each type (flags that need another option to be valid are given it). */
/** A value each option reads, and what the config holds; `args`: other flags the option needs beside it. */
const SAMPLES: Record<string, { value: string; expected: unknown; args?: string[] }> = {
  host: { value: '127.0.0.2', expected: '127.0.0.2' },
  port: { value: '9001', expected: 9001 },
  easytraderPort: { value: '1430', expected: 1430 },
  backend: { value: 'win32', expected: 'win32' },
  dataDir: { value: '/tmp/ths-data-x', expected: '/tmp/ths-data-x' },
  simStates: { value: '/tmp/ths-state-x.json', expected: ['/tmp/ths-state-x.json'] },
  clients: { value: 'gj=C:\\gj\\xiadan.exe', expected: ['gj=C:\\gj\\xiadan.exe'], args: ['--backend', 'win32'] },
  powershell: { value: '/opt/pwsh', expected: '/opt/pwsh' },
  logLevel: { value: 'debug', expected: 'debug' },
  logFile: { value: '/tmp/ths.log', expected: '/tmp/ths.log' },
  token: { value: 'abcdefghijklmnop', expected: 'abcdefghijklmnop' },
  allowHosts: { value: 'trader.lan', expected: ['trader.lan'] },
  allowOrigins: { value: 'http://192.168.1.5:3000', expected: ['http://192.168.1.5:3000'] },
  unsettledGuard: { value: 'off', expected: false },
  keepaliveMinutes: { value: '2.5', expected: 2.5 },
  duplicateWindow: { value: '3', expected: 3 },
  testJournalMaxPages: { value: '40', expected: 40 },
  testAbsentAfterMs: { value: '8000', expected: 8000 },
  exportDir: { value: '/tmp/ths-export', expected: '/tmp/ths-export' },
  resultDisplay: { value: 'toast', expected: 'toast' },
  standby: { value: 'off', expected: false },
  testPauseAt: { value: 'submitting', expected: 'submitting' },
  eventsInterval: { value: '500', expected: 500 },
  webhooks: { value: 'http://127.0.0.1:9000/hook', expected: ['http://127.0.0.1:9000/hook'] },
};

describe('app/options: one table for the parser, --help and the docs', () => {
  const specs = Object.entries(OPTIONS) as Array<[string, OptionSpec]>;

  for (const [key, spec] of specs) {
    const sample = SAMPLES[key];
    if (!sample || spec.type === 'switch') continue;
    it(`reads ${key} from --${spec.flag} and from ${spec.env ?? '(no variable)'}`, () => {
      const fromFlag = loadConfig([...(sample.args ?? []), `--${spec.flag}`, sample.value], {}) as unknown as Record<string, unknown>;
      expect(fromFlag[key]).to.deep.equal(sample.expected);
      if (spec.env) {
        const fromEnv = loadConfig(sample.args ?? [], { [spec.env]: sample.value }) as unknown as Record<string, unknown>;
        expect(fromEnv[key]).to.deep.equal(sample.expected);
      }
    });
  }

  it('reads the switches from their flag and their variable (dry run, token in query)', () => {
    expect(loadConfig(['--dry-run'], {}).dryRun).to.equal(true);
    expect(loadConfig([], { THS_DRY_RUN: 'yes' }).dryRun).to.equal(true);
    expect(loadConfig([], {}).dryRun).to.equal(false);
    expect(loadConfig(['--token-in-query'], {}).tokenInQuery).to.equal(true);
    expect(loadConfig([], { THS_TOKEN_IN_QUERY: '1' }).tokenInQuery).to.equal(true);
    expect(loadConfig([], {}).tokenInQuery).to.equal(false);
  });

  it('keeps a standby worker unless told off (--standby off or THS_STANDBY=off)', () => {
    expect(loadConfig([], {}).standby).to.equal(true);
    expect(loadConfig(['--standby', 'off'], {}).standby).to.equal(false);
    expect(loadConfig([], { THS_STANDBY: 'off' }).standby).to.equal(false);
    expect(() => loadConfig(['--standby', 'maybe'], {})).to.throw(/standby/);
  });

  it('has a sample for every option that takes a value (a new option needs one here)', () => {
    // --token-file and --risk-config read a file: test/config.test.ts covers them with real files.
    const missing = specs.filter(([k, s]) => s.type !== 'switch' && k !== 'tokenFile' && k !== 'riskConfig' && !SAMPLES[k]).map(([k]) => k);
    expect(missing).to.deep.equal([]);
  });

  it('--help lists every option but the hidden test hooks, each with its variable', () => {
    for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
      if (spec.hidden) {
        expect(USAGE).not.to.contain(`--${spec.flag}`);
        continue;
      }
      const line = USAGE.split('\n').find((l) => l.includes(`--${spec.flag}`));
      expect(line, `--${spec.flag} in --help`).to.be.a('string');
      if (spec.env) expect(line).to.contain(spec.env);
    }
  });

  it('names the flag in a startup error for a bad value', () => {
    expect(() => loadConfig(['--keepalive-minutes=-1'], {})).to.throw(/--keepalive-minutes: keep-alive minutes must be 0/);
    expect(() => loadConfig([], { THS_PORT: 'x' })).to.throw(/--port: port must be a number/);
  });

  it('docs/configuration.md carries exactly the generated options table', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf8');
    const table = optionsMarkdown();
    expect(page, 'run npm run docs:options to regenerate the table from src/app/options.ts').to.contain(table);
    const pageRows = page.split('\n').filter((l) => l.startsWith('| `--') || l.startsWith('| `-h'));
    expect(pageRows.length, 'no option rows besides the generated ones').to.equal(table.split('\n').length - 2);
  });
});
