// webhooks.ts - POSTs each order event to the configured URLs, at least once: every event has a pending delivery per
// URL in the journal (written with the event), sent in event order per URL, retried with exponential backoff until
// the receiver answers 2xx or the delivery is too old, each attempt journaled, so a restart resumes where it stood.
// Never in an order's way: deliveries run beside the orders, and a slow receiver delays only its own deliveries.
import type { Logger } from 'pino';
import type { Delivery, EventFeed } from '../trading/event-feed.ts';

/** The first retry after a failed delivery: a receiver that is restarting is usually back within a second or two. */
export const FIRST_RETRY_MS = 1_000;
/** Each further retry waits this many times longer. */
export const BACKOFF_FACTOR = 2;
/** The longest wait between two attempts: a receiver down for hours still gets its events within minutes of return. */
export const MAX_RETRY_MS = 5 * 60_000;
/** A delivery still failing this long after its event is given up (failed): a day's events are a day's business. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** One POST may take this long: a receiver should answer at once and do its work later. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** After the journal could not record an attempt, try again this much later. */
const JOURNAL_RETRY_MS = 5_000;

/** A webhook URL as given, or why it is not one (config.ts refuses it at startup). */
export function parseWebhookUrl(text: string): string | { error: string } {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return { error: `${text} 不是网址：应为 http:// 或 https:// 开头的完整网址，如 http://127.0.0.1:9000/hook。(not a URL: give a full http or https URL)` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `${text}：只支持 http:// 和 https://，不支持 ${u.protocol}。(only http and https URLs)` };
  return u.href;
}

/** A URL as logs and /health show it: no user, password or query (they may carry a receiver's secret). */
export function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
}

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * BACKOFF_FACTOR ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface WebhookOptions {
  feed: EventFeed;
  urls: readonly string[];
  logger: Logger;
  /** A User-Agent naming the sender and its version. */
  userAgent: string;
  /** On a server with several accounts: the account number, sent as `account` in every body (docs/accounts.md). */
  account?: string | undefined;
}

/** The deliveries to one URL: one at a time, oldest event first. */
class Sender {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly url: string;
  private readonly owner: Webhooks;

  constructor(url: string, owner: Webhooks) {
    this.url = url;
    this.owner = owner;
  }

  /** Sends what is due now (a call during a run makes it look again afterwards). */
  kick(): void {
    if (this.owner.isStopped()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private later(ms: number): void {
    if (this.owner.isStopped()) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kick();
    }, ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    while (!this.owner.isStopped()) {
      let d: Delivery | undefined;
      try {
        d = this.owner.feed.nextDelivery(this.url);
      } catch (err) {
        this.owner.log.warn({ err, url: shownUrl(this.url) }, 'webhook: the journal cannot be read; trying again later');
        this.later(JOURNAL_RETRY_MS);
        return;
      }
      if (!d) return;
      const wait = Date.parse(d.nextAt) - Date.now();
      if (wait > 0) {
        this.later(wait);
        return;
      }
      const error = await this.owner.post(this.url, d);
      if (this.owner.isStopped()) return; // an attempt cut short by shutdown is not recorded: it is sent again after the restart
      const now = new Date();
      const attempts = d.attempts + 1;
      const tooOld = now.getTime() - Date.parse(d.createdAt) >= GIVE_UP_AFTER_MS;
      const next = error === null || tooOld ? now : new Date(now.getTime() + retryDelayMs(attempts));
      try {
        this.owner.feed.deliveryAttempted(d.id, error === null ? 'delivered' : tooOld ? 'failed' : 'pending', error, next);
      } catch (err) {
        this.owner.log.warn({ err, url: shownUrl(this.url), eventId: d.event.id }, 'webhook: the journal cannot record a delivery attempt; trying again later');
        this.later(JOURNAL_RETRY_MS);
        return;
      }
      if (error === null) continue;
      const log = { url: shownUrl(this.url), eventId: d.event.id, attempts, error };
      if (tooOld) this.owner.log.error(log, 'webhook delivery given up: still failing a day after the event');
      else this.owner.log.warn({ ...log, retryInMs: next.getTime() - now.getTime() }, 'webhook delivery failed; will retry');
      if (!tooOld) {
        this.later(next.getTime() - now.getTime());
        return;
      }
    }
  }
}

export class Webhooks {
  readonly feed: EventFeed;
  readonly log: Logger;
  private stopped = true;
  private readonly senders: Map<string, Sender>;
  private readonly userAgent: string;
  private readonly account: string | undefined;
  /** Cuts the POSTs in flight at stop(); a new one per start(). */
  private inflight = new AbortController();
  private off: (() => void) | undefined;

  constructor(opts: WebhookOptions) {
    this.feed = opts.feed;
    this.log = opts.logger.child({ component: 'webhooks' });
    this.userAgent = opts.userAgent;
    this.account = opts.account;
    this.senders = new Map(opts.urls.map((u) => [u, new Sender(u, this)]));
    opts.feed.setDeliveryTargets(opts.urls);
  }

  /** Whether sending is stopped (not started yet, or stopped). */
  isStopped(): boolean {
    return this.stopped;
  }

  /** Starts sending: the deliveries left pending by the last run first, then each new event's. */
  start(): void {
    if (!this.stopped || this.senders.size === 0) return;
    this.stopped = false;
    this.inflight = new AbortController();
    this.off = this.feed.onEvent(() => {
      for (const s of this.senders.values()) s.kick();
    });
    this.log.info({ urls: [...this.senders.keys()].map(shownUrl) }, 'webhooks on');
    for (const s of this.senders.values()) s.kick();
  }

  /** Stops sending (pending deliveries stay in the journal for the next start); a POST in flight is cut short. */
  stop(): void {
    this.stopped = true;
    this.off?.();
    this.inflight.abort();
    for (const s of this.senders.values()) s.stop();
  }

  /** POSTs one event; null when the receiver took it (2xx), else what went wrong. */
  async post(url: string, d: Delivery): Promise<string | null> {
    const e = d.event;
    try {
      const r = await fetch(url, {
        method: 'POST',
        redirect: 'error', // an event goes where it was configured to, nowhere else
        headers: { 'content-type': 'application/json', 'user-agent': this.userAgent, 'x-ths-event-id': String(e.id), 'x-ths-event-type': e.type, 'x-ths-delivery-attempt': String(d.attempts + 1), ...(this.account === undefined ? {} : { 'x-ths-account': this.account }) },
        body: JSON.stringify({ id: e.id, type: e.type, at: e.at, ...(this.account === undefined ? {} : { account: this.account }), data: e.data }),
        signal: AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), this.inflight.signal]),
      });
      await r.body?.cancel();
      return r.ok ? null : `HTTP ${String(r.status)}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return `${(err as Error).name === 'TimeoutError' ? `no answer in ${String(REQUEST_TIMEOUT_MS)} ms` : (err as Error).message}${cause ? ` (${cause})` : ''}`;
    }
  }

  /** Per URL (shown without secrets): pending, delivered and failed deliveries and the last error. */
  health(): Array<Record<string, unknown>> {
    return [...this.senders.keys()].map((u) => {
      try {
        const c = this.feed.deliveryCounts(u);
        return { url: shownUrl(u), pending: c.pending, delivered: c.delivered, failed: c.failed, lastError: c.lastError };
      } catch {
        return { url: shownUrl(u), error: 'the journal cannot be read' };
      }
    });
  }
}
