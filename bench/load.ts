// load.ts - HTTP load on loopback: autocannon for a bounded duration (req/s, errors) with every latency kept exactly.
import autocannon from 'autocannon';
import { summarize, type Summary } from './stats.ts';

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  latency: Summary;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The first answer that was not 2xx: status and the start of its body (why it failed). */
  firstNon2xx?: string;
  /** The real server only: requests answered by another identical queued read during the run (/health mergedReads). */
  merged?: number;
}

/** Runs GET `url` with `connections` concurrent connections for `durationS` seconds (each request bounded to 10 s). */
export function load(url: string, connections: number, durationS: number, method: 'GET' | 'POST' = 'GET'): Promise<LoadResult> {
  const latencies: number[] = [];
  let firstNon2xx: string | undefined;
  const onResponse = (status: number, body: string): void => {
    if ((status < 200 || status >= 300) && firstNon2xx === undefined) firstNon2xx = `${status} ${body.slice(0, 200)}`;
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: durationS, method, timeout: 10, requests: [{ method, onResponse }] }, (err, r) => {
      if (err) {
        reject(err as Error);
        return;
      }
      resolve({
        connections,
        durationS,
        requests: r.requests.total,
        reqPerSec: Math.round((latencies.length / durationS) * 10) / 10,
        latency: summarize(latencies),
        errors: r.errors,
        timeouts: r.timeouts,
        non2xx: r.non2xx,
        ...(firstNon2xx === undefined ? {} : { firstNon2xx }),
      });
    });
    // autocannon's own histogram is in whole ms; keep the exact times of 2xx answers.
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** Sends `count` requests of `amount` total through autocannon (for the memory run: a fixed number, not a duration). */
export function loadCount(url: string, connections: number, amount: number): Promise<{ requests: number; errors: number; non2xx: number; seconds: number }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount, timeout: 10 }, (err, r) => {
      if (err) reject(err as Error);
      else resolve({ requests: r.requests.total, errors: r.errors, non2xx: r.non2xx, seconds: Math.round((performance.now() - t) / 100) / 10 });
    });
  });
}
