// read-merge.ts - identical reads answered by one client read: when a read is written to the worker, every queued
// request with the same command and arguments leaves the queue with it and hears its answer. Each of them arrived
// before that read began (they were queued when it was written), so no answer predates its request; a request that
// arrives while the read is in flight waits for the next one. Only commands that neither place nor change anything
// merge (COMMANDS: isOrder and effect both false): orders are never merged.
import { COMMANDS, type CommandName } from './commands.ts';
import type { Job } from './supervisor-types.ts';

/** The key that identical reads share; undefined for a command that never merges. */
export function readKey(cmd: CommandName, args: Record<string, unknown>): string | undefined {
  const c = COMMANDS[cmd];
  if (c.isOrder || c.effect) return undefined;
  return `${cmd} ${canonicalJson(args)}`;
}

/**
 * Makes `lead` answer `followers` too: its result (each follower gets its own copy), its error, its events. Returns
 * the lead, for the caller to write.
 */
export function mergeReads(lead: Job, followers: readonly Job[]): Job {
  if (followers.length === 0) return lead;
  const { resolve, reject, onEvent } = lead;
  lead.resolve = (value) => {
    resolve(value);
    for (const f of followers) f.resolve(structuredClone(value));
  };
  lead.reject = (err) => {
    reject(err);
    for (const f of followers) f.reject(err);
  };
  lead.onEvent = (event) => {
    onEvent?.(event);
    for (const f of followers) f.onEvent?.(event);
  };
  lead.merged = followers.length;
  return lead;
}

/** JSON with object keys sorted at every level, so argument order never splits identical reads. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}
