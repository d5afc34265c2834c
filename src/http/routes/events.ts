// events.ts - GET /events: the order events as Server-Sent Events (`id:` the event's journal id, `event:` its type,
// `data:` {id, type, at, data}). A client resumes with Last-Event-ID (header, or last_event_id in the query): the
// events after it come from the journal, then live ones, with no gap and none twice (the stream reads the journal by
// id, woken by each commit). Without one it starts from now, or from the start of today with since=today.
import { Router, type Request, type Response } from 'express';
import { beijingDay } from '../../core/clock.ts';
import { GatewayError } from '../../core/errors.ts';
import { textOf } from '../../core/text.ts';
import type { EventFeed, JournalEvent } from '../../trading/event-feed.ts';
import type { Trading } from '../../trading/trading.ts';
import type { Params } from '../middleware/params.ts';
import { parsedParams, strictParams } from '../middleware/validate.ts';

/** A comment line this often keeps proxies and NATs from closing an idle stream (most idle timeouts are 60 s or more). */
export const HEARTBEAT_MS = 15_000;
/** What a browser's EventSource waits before it reconnects (the `retry:` field). */
export const RETRY_MS = 2_000;

/** One event as an SSE frame: the data line is the same JSON object a webhook receives. */
export function sseFrame(e: JournalEvent): string {
  return `id: ${String(e.id)}\nevent: ${e.type}\ndata: ${JSON.stringify({ id: e.id, type: e.type, at: e.at, data: e.data })}\n\n`;
}

/** The event id to resume after: the Last-Event-ID header wins over last_event_id (EventSource sends the header). */
function resumeId(req: Request, params: Params, feed: EventFeed): number | null {
  const header = req.get('last-event-id');
  const [field, raw] = header !== undefined ? ['Last-Event-ID', header] : ['last_event_id', params['last_event_id']];
  if (raw === undefined || raw === null || raw === '') return null;
  const text = textOf(raw).trim();
  const id = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw new GatewayError('invalid_event_id', `${field} ${JSON.stringify(textOf(raw)).slice(0, 40)} 不对：应为收到的最后一个事件的 id（非负整数）。(${field} must be the id of the last event received, a non-negative integer)`, { field: field === 'Last-Event-ID' ? 'last_event_id' : field });
  }
  const latest = feed.latestId();
  if (id > latest) {
    throw new GatewayError('invalid_event_id', `${field} ${String(id)} 比最新的事件 ${String(latest)} 还新：这个 id 不是本服务的委托日志给的（换了 --data-dir？）。不带 Last-Event-ID 重新连接。(${field} is newer than the newest event: another journal?)`, { field: 'last_event_id', details: { latest_event_id: latest } });
  }
  return id;
}

/** Where a new stream starts: after `since`'s start of today, else after the newest event (from now). */
function startId(params: Params, feed: EventFeed): number {
  const since = params['since'];
  if (since === undefined || since === '') return feed.latestId();
  if (since !== 'today') throw new GatewayError('invalid_body', `since ${JSON.stringify(textOf(since)).slice(0, 40)} 不对：只接受 today（从今天北京时间的第一个事件开始）；不传表示从现在开始。(since must be today, or absent for from now)`, { field: 'since' });
  return feed.lastIdBefore(beijingDay());
}

/** Streams the events after `cursor` to `res` until the caller leaves. */
function stream(req: Request, res: Response, feed: EventFeed, cursor: number, heartbeatMs: number): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Accel-Buffering', 'no'); // a reverse proxy must not hold the stream back
  res.flushHeaders();
  req.socket.setNoDelay(true);
  res.write(`retry: ${String(RETRY_MS)}\n: events after id ${String(cursor)}\n\n`);
  let closed = false;
  let draining = false;
  // Reads the journal from the cursor: a backlog, or what a commit just added; none twice (by id), none missed.
  const pump = (): void => {
    if (closed || draining) return;
    try {
      for (let batch = feed.since(cursor); batch.length > 0; batch = feed.since(cursor)) {
        for (const e of batch) {
          cursor = e.id;
          if (!res.write(sseFrame(e))) {
            draining = true;
            res.once('drain', () => {
              draining = false;
              pump();
            });
            return;
          }
        }
      }
    } catch {
      res.end(); // the journal cannot be read: the client reconnects with its Last-Event-ID
    }
  };
  // Subscribed before the backlog is read: an event committed meanwhile wakes the pump, which reads it by id.
  const off = feed.onEvent(pump);
  const beat = setInterval(() => {
    if (!draining) res.write(': heartbeat\n\n');
  }, heartbeatMs);
  beat.unref();
  res.once('close', () => {
    closed = true;
    off();
    clearInterval(beat);
  });
  pump();
}

/** GET /events (SSE); any other method is a 405 naming GET. `heartbeatMs` exists for tests. */
export function eventRoutes(trading: Trading, opts: { heartbeatMs?: number } = {}): Router {
  const router = Router();
  const params = strictParams(['last_event_id', 'since']);
  const open = (req: Request, res: Response): void => {
    const feed = trading.events;
    if (!feed) throw new GatewayError('journal_unavailable', '没有委托日志，也就没有委托事件。(no order journal, so no order events)');
    const p = parsedParams<Params>(res);
    const cursor = resumeId(req, p, feed) ?? startId(p, feed);
    stream(req, res, feed, cursor, opts.heartbeatMs ?? HEARTBEAT_MS);
  };
  const getOnly = (req: Request, res: Response): void => {
    res.setHeader('Allow', 'GET');
    throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET（事件流），收到 ${req.method}。(GET only: an event stream)`);
  };
  // Express answers HEAD with the GET handler: a HEAD must not open a stream.
  router.route('/events').head(getOnly).get(params, open).all(getOnly);
  return router;
}
