// browser-marks.ts - what tells a browser's request from a script's (pure functions over the request headers), and
// which routes change the account. guard.ts refuses a browser-marked request to such a route without the token.
import type { IncomingHttpHeaders } from 'node:http';

/** The routes with an effect (orders, cancels, IPO subscription, refresh, quotes of the simulated client, manual
 * settlement), as patterns over the normalised path. Every other route only reads. */
export const EFFECT_ROUTES: readonly string[] = ['/buy', '/sell', '/repo', '/margin_buy', '/short_sell', '/buy_to_cover', '/sell_to_repay', '/direct_repay', '/direct_return', '/cancel', '/ipo/subscribe', '/refresh', '/sim/quote', '/journal/{id}/settle'];

const EFFECT_PATTERNS: readonly RegExp[] = EFFECT_ROUTES.map((r) => new RegExp(`^${r.replace('{id}', '[^/]+')}$`));

/** True when `path` (as Express matches it: any case, repeated or trailing slashes) is a route with an effect. */
export function isEffectRoute(path: string): boolean {
  let p = path;
  try {
    p = decodeURIComponent(p); // `/%62uy` names no route today; decoded so that it never slips past if one day it does
  } catch {
    // malformed escapes: compared as sent
  }
  p = p.toLowerCase().replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return EFFECT_PATTERNS.some((re) => re.test(p));
}

/** One browser mark: the header that carries it, its value (shortened) and what it means. */
export interface BrowserMark {
  header: string;
  value: string;
  zh: string;
  en: string;
}

/** Longest part of a header value quoted back in a refusal. */
const QUOTE_MAX = 80;

/** Scripts whose agent starts like a browser's: Windows PowerShell 5.1 and pwsh (`Invoke-RestMethod`). */
const SCRIPT_AGENT = /\b(?:WindowsPowerShell|PowerShell)\/\d/;

/** Browser engines and the programs that render HTML with one (WebView, IE mode, Outlook / Office link and image
 * fetchers); `Mozilla/` at the start is every browser's agent since the 1990s. */
const BROWSER_AGENT = /^Mozilla\/|\b(?:Gecko|AppleWebKit|KHTML|Chrome|Chromium|HeadlessChrome|CriOS|Blink|Trident|Edge?|EdgA|EdgiOS|Firefox|FxiOS|Safari|Presto|OPR|Opera|Outlook|ms-office|MSOffice|Microsoft Office)\b|\bMSIE |WebView|; ?wv\)/;

/** True when a User-Agent value names a browser engine or an HTML-rendering program (not a script). */
export function isBrowserAgent(agent: string): boolean {
  if (SCRIPT_AGENT.test(agent)) return false;
  return BROWSER_AGENT.test(agent);
}

/** True when an Accept value asks for a web page (HTML / XHTML) or an image: what navigations and `<img>` send. */
export function acceptsPageOrImage(accept: string): boolean {
  return accept.split(',').some((part) => {
    const type = (part.split(';')[0] ?? '').trim().toLowerCase();
    return type === 'text/html' || type === 'application/xhtml+xml' || type.startsWith('image/');
  });
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

function quote(v: string): string {
  return v.length > QUOTE_MAX ? v.slice(0, QUOTE_MAX) + '…' : v;
}

/** Every browser mark the headers carry, in a fixed order (the first is the strongest). `allowOrigins` are the
 * configured origins (lowercase); an Origin among them is not a mark (its other headers still are). */
export function browserMarks(headers: IncomingHttpHeaders, allowOrigins: ReadonlySet<string> = new Set()): BrowserMark[] {
  const marks: BrowserMark[] = [];
  const add = (header: string, value: string, zh: string, en: string): void => {
    marks.push({ header, value: quote(value), zh, en });
  };
  const origin = one(headers.origin);
  if (origin !== undefined && !allowOrigins.has(origin.toLowerCase())) add('Origin', origin, '网页来源不在允许列表中', 'an origin not on the allow-list');
  for (const [name, header] of [['sec-fetch-site', 'Sec-Fetch-Site'], ['sec-fetch-dest', 'Sec-Fetch-Dest'], ['sec-fetch-user', 'Sec-Fetch-User']] as const) {
    const v = one(headers[name]);
    if (v !== undefined) add(header, v, '只有浏览器发送这个请求头', 'only browsers send this header');
  }
  for (const [name, header] of [['sec-purpose', 'Sec-Purpose'], ['purpose', 'Purpose'], ['x-purpose', 'X-Purpose'], ['x-moz', 'X-Moz']] as const) {
    const v = one(headers[name]);
    if (v !== undefined && /prefetch|prerender|preview/i.test(v)) add(header, v, '浏览器的预取或预渲染', 'a browser prefetch or prerender');
  }
  const upgrade = one(headers['upgrade-insecure-requests']);
  if (upgrade !== undefined) add('Upgrade-Insecure-Requests', upgrade, '浏览器打开网页时发送', 'sent by a browser opening a page');
  const hints = Object.keys(headers).find((h) => h.startsWith('sec-ch-ua'));
  if (hints !== undefined) add(hints, one(headers[hints]) ?? '', '浏览器的客户端提示', 'a browser client hint');
  const accept = one(headers.accept);
  if (accept !== undefined && acceptsPageOrImage(accept)) add('Accept', accept, '要的是网页或图片，不是 JSON', 'asks for a page or an image, not JSON');
  const agent = one(headers['user-agent']);
  if (agent !== undefined && isBrowserAgent(agent)) add('User-Agent', agent, '是浏览器或显示网页的程序', 'a browser or a program that renders web pages');
  return marks;
}
