import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/app/config.ts';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelayMs, shownUrl } from '../../src/events/webhooks.ts';

/** The message a bad configuration is refused with. */
function refusal(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    loadConfig(argv, env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('events/options: --webhook and --events-interval are checked at startup', () => {
  it('takes several webhooks from repeated flags or from THS_WEBHOOKS, comma-separated', () => {
    expect(loadConfig(['--webhook', 'http://127.0.0.1:9000/a', '--webhook', 'https://example.com/b?k=1'], {}).webhooks).to.deep.equal(['http://127.0.0.1:9000/a', 'https://example.com/b?k=1']);
    expect(loadConfig([], { THS_WEBHOOKS: 'http://127.0.0.1:9000/a, http://127.0.0.1:9001/b' }).webhooks).to.deep.equal(['http://127.0.0.1:9000/a', 'http://127.0.0.1:9001/b']);
    expect(loadConfig([], {}).webhooks).to.deep.equal([]);
  });

  it('refuses a webhook that is not an http or https URL, naming --webhook and what is expected', () => {
    expect(refusal(['--webhook', 'example.com/hook'])).to.match(/--webhook: example\.com\/hook 不是网址.*full http or https URL/);
    expect(refusal(['--webhook', 'ftp://example.com/hook'])).to.match(/--webhook: ftp:\/\/example\.com\/hook：只支持 http:\/\/ 和 https:\/\/.*only http and https/);
  });

  it('takes an events interval of 0 (off) or 200-60000 ms, 2000 by default, and refuses anything else', () => {
    expect(loadConfig([], {}).eventsInterval).to.equal(2000);
    expect(loadConfig(['--events-interval', '0'], {}).eventsInterval).to.equal(0);
    expect(loadConfig([], { THS_EVENTS_INTERVAL: '60000' }).eventsInterval).to.equal(60000);
    for (const bad of ['100', '60001', '-1', '1.5', 'soon']) expect(refusal([`--events-interval=${bad}`]), bad).to.contain('--events-interval: events interval must be');
  });

  it('backs off 1 s, 2 s, 4 s ... between webhook attempts, at most 5 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).to.deep.equal([FIRST_RETRY_MS, 2 * FIRST_RETRY_MS, 4 * FIRST_RETRY_MS, 8 * FIRST_RETRY_MS]);
    expect(retryDelayMs(40)).to.equal(MAX_RETRY_MS);
  });

  it('shows a webhook URL without its user, password or query (they may hold a secret)', () => {
    expect(shownUrl('https://user:pw@example.com:8443/hook?secret=s3')).to.equal('https://example.com:8443/hook?…');
    expect(shownUrl('http://127.0.0.1:9000/hook')).to.equal('http://127.0.0.1:9000/hook');
  });
});
