import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ROUTES } from '../../src/http/app.ts';
import { acceptsPageOrImage, browserMarks, EFFECT_ROUTES, isBrowserAgent, isEffectRoute } from '../../src/http/middleware/browser-marks.ts';
import { ROOT } from '../helpers/pwsh.ts';

/** Agents of browsers and of programs that render HTML (and so fetch links and images for the user). */
const BROWSERS: Record<string, string> = {
  'Chrome on Windows': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'headless Chromium': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  'Edge': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'legacy Edge': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582',
  'Firefox': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Safari': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'IE 11 / IE mode': 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
  'WebBrowser control (IE 7 compatibility)': 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E)',
  'Android WebView': 'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.0.0 Mobile Safari/537.36',
  'WeChat in-app browser': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50',
  'Outlook desktop (mail images)': 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
  'Office link check (ms-office)': 'Mozilla/4.0 (compatible; ms-office; MSOffice 16)',
  'Office protocol discovery': 'Microsoft Office Existence Discovery',
  'Opera (Presto)': 'Opera/9.80 (Windows NT 6.1) Presto/2.12.388 Version/12.18',
};

/** Agents of scripts and HTTP clients: none is a browser. Windows PowerShell's and pwsh's start with Mozilla/5.0. */
const SCRIPTS: Record<string, string> = {
  'Python requests': 'python-requests/2.34.2',
  'curl': 'curl/7.88.1',
  'Node fetch': 'node',
  'Go': 'Go-http-client/1.1',
  'Wget': 'Wget/1.21.3',
  'okhttp': 'okhttp/4.12.0',
  'axios': 'axios/1.7.9',
  'Windows PowerShell 5.1 Invoke-RestMethod': 'Mozilla/5.0 (Windows NT; Windows NT 10.0; zh-CN) WindowsPowerShell/5.1.19041.5247',
  'pwsh 7 on Windows': 'Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; zh-CN) PowerShell/7.4.6',
  'pwsh 7 on Linux': 'Mozilla/5.0 (Linux; Debian GNU/Linux 12 (bookworm); en-US) PowerShell/7.6.9',
  'a name that merely contains Edge': 'EdgeCase-client/1.0',
};

/** The headers Node's own fetch sends: sec-fetch-mode alone must not count. */
const NODE_FETCH = { accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' };

describe('http/browser-marks: telling a browser from a script by its headers', () => {
  for (const [what, agent] of Object.entries(BROWSERS)) {
    it(`counts the agent of ${what} as a browser`, () => {
      expect(isBrowserAgent(agent), agent).to.equal(true);
    });
  }
  for (const [what, agent] of Object.entries(SCRIPTS)) {
    it(`counts the agent of ${what} as a script`, () => {
      expect(isBrowserAgent(agent), agent).to.equal(false);
    });
  }

  it('finds no mark on the headers Node fetch sends (Sec-Fetch-Mode alone is not a mark)', () => {
    expect(browserMarks(NODE_FETCH)).to.deep.equal([]);
    expect(browserMarks({ 'sec-fetch-mode': 'navigate' })).to.deep.equal([]);
  });

  const MARKS: Array<[string, Record<string, string>]> = [
    ['Origin', { origin: 'null' }],
    ['Sec-Fetch-Site', { 'sec-fetch-site': 'none' }],
    ['Sec-Fetch-Site', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Dest', { 'sec-fetch-dest': 'document' }],
    ['Sec-Fetch-User', { 'sec-fetch-user': '?1' }],
    ['Sec-Purpose', { 'sec-purpose': 'prefetch;prerender' }],
    ['Sec-Purpose', { 'sec-purpose': 'prefetch' }],
    ['Purpose', { purpose: 'prefetch' }],
    ['X-Purpose', { 'x-purpose': 'preview' }],
    ['X-Moz', { 'x-moz': 'prefetch' }],
    ['Upgrade-Insecure-Requests', { 'upgrade-insecure-requests': '1' }],
    ['sec-ch-ua', { 'sec-ch-ua': '"Chromium";v="131"' }],
    ['Accept', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
    ['Accept', { accept: 'application/xhtml+xml' }],
    ['Accept', { accept: 'image/avif,image/webp,*/*' }],
    ['User-Agent', { 'user-agent': BROWSERS['IE 11 / IE mode']! }],
  ];
  for (const [header, headers] of MARKS) {
    it(`sees the mark ${header} in ${JSON.stringify(headers)}`, () => {
      expect(browserMarks(headers).map((m) => m.header)).to.deep.equal([header]);
    });
  }

  it('does not count an allow-listed Origin, nor a Purpose that is not a prefetch', () => {
    expect(browserMarks({ origin: 'http://dashboard.lan:3000' }, new Set(['http://dashboard.lan:3000']))).to.deep.equal([]);
    expect(browserMarks({ purpose: 'audit' })).to.deep.equal([]);
  });

  it('lists every mark of a real navigation, in a fixed order, and shortens long values', () => {
    const marks = browserMarks({
      'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-user': '?1', 'sec-fetch-dest': 'document', 'upgrade-insecure-requests': '1',
      accept: 'text/html,application/xhtml+xml', 'user-agent': BROWSERS['Chrome on Windows']!,
    });
    expect(marks.map((m) => m.header)).to.deep.equal(['Sec-Fetch-Site', 'Sec-Fetch-Dest', 'Sec-Fetch-User', 'Upgrade-Insecure-Requests', 'Accept', 'User-Agent']);
    expect(marks.at(-1)!.value.length).to.be.at.most(81);
  });

  it('asks for a page or an image only when the Accept names one (not */* or JSON)', () => {
    for (const a of ['text/html', 'TEXT/HTML; q=0.9', 'application/json, text/html', 'image/png', 'image/*']) expect(acceptsPageOrImage(a), a).to.equal(true);
    for (const a of ['*/*', 'application/json', 'application/json, text/plain, */*', 'text/plain', '']) expect(acceptsPageOrImage(a), a).to.equal(false);
  });
});

describe('http/browser-marks: the routes with an effect', () => {
  it('names every order, cancel, subscription, refresh, quote and settlement route, and no read route', () => {
    for (const p of ['/buy', '/sell', '/repo', '/margin_buy', '/short_sell', '/buy_to_cover', '/sell_to_repay', '/cancel', '/ipo/subscribe', '/refresh', '/sim/quote', '/journal/42/settle', '/journal/abc-1/settle']) expect(isEffectRoute(p), p).to.equal(true);
    for (const p of ['/balance', '/credit_balance', '/position', '/orders', '/trades', '/ipo', '/journal', '/journal/42', '/health', '/', '/buyer', '/journal/1/2/settle']) expect(isEffectRoute(p), p).to.equal(false);
  });

  it('matches the spellings Express routes to the same handler (case, trailing and repeated slashes, escapes)', () => {
    for (const p of ['/BUY', '/buy/', '//buy', '/Sell//', '/ipo//subscribe', '/IPO/Subscribe/', '/%62uy', '/JOURNAL/7/SETTLE/']) expect(isEffectRoute(p), p).to.equal(true);
  });

  it('lists only routes the app has (besides the settlement route with its id)', () => {
    const known: readonly string[] = ROUTES;
    for (const r of EFFECT_ROUTES.filter((x) => !x.includes('{id}'))) expect(known, r).to.include(r);
  });

  it('is the list docs/security.md names, route by route', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'security.md'), 'utf8');
    for (const r of EFFECT_ROUTES) expect(doc, r).to.contain('`' + r + '`');
  });
});
