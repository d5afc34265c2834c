// protocol.ts - the worker's JSON-lines protocol (docs/PROTOCOL.md): line encoding and the shapes of its lines.
import { z } from 'zod';

export const ReadyLine = z.object({
  type: z.literal('ready'),
  pid: z.number().optional(),
  psVersion: z.string().optional(),
  psEdition: z.string().optional(),
  languageMode: z.string().optional(),
  backend: z.string().optional(),
  scriptVersion: z.string().optional(),
  /** The command names the worker's dispatcher handles (the bridge compares them with its catalog). */
  commands: z.array(z.string()).optional(),
  os: z.string().optional(),
  window: z
    .object({
      found: z.boolean(),
      title: z.string().nullable().optional(),
      className: z.string().nullable().optional(),
      processId: z.number().nullable().optional(),
      /** The client is a credit (margin) account's: it has the credit menu tree 513. */
      credit: z.boolean().nullable().optional(),
    })
    .loose()
    .optional(),
}).loose();
export type ReadyInfo = z.infer<typeof ReadyLine>;

/** A spare worker started with -Standby: its code is loaded, it waits for the activate line (docs/PROTOCOL.md). */
export const StandbyLine = z.object({
  type: z.literal('standby'),
  pid: z.number().optional(),
  psVersion: z.string().optional(),
  backend: z.string().optional(),
  scriptVersion: z.string().optional(),
  /** What the spare's warm-up took (the simulated backend reads a scratch account once; 0 on Win32). */
  warmupMs: z.number().optional(),
}).loose();
export type StandbyInfo = z.infer<typeof StandbyLine>;

export const FailedLine = z.object({ type: z.literal('failed'), reason: z.string() }).loose();

export const EventLine = z.object({ type: z.literal('event'), id: z.union([z.number(), z.string()]), event: z.string() });

export const WorkerErrorInfo = z.object({
  code: z.string(),
  message: z.string(),
  submitted: z.boolean().optional(),
  /** false: after the submit click no popup came at all (the quick-trade mode's success looks so). */
  popup: z.boolean().optional(),
});
export type WorkerErrorInfo = z.infer<typeof WorkerErrorInfo>;

/** The worker's own account of a command (ps/ThsWorker/Private/PortProfile.ps1), in replies of a -ProfilePort worker. */
export const ReplyDebug = z.object({
  workerMs: z.number(), portCalls: z.number(), portMs: z.number(), waitMs: z.number(), ticks: z.number(), ownMs: z.number(),
  calls: z.record(z.string(), z.number()).optional(),
  callMs: z.record(z.string(), z.number()).optional(),
});
export type ReplyDebug = z.infer<typeof ReplyDebug>;

export const ReplyLine = z.union([
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(true), result: z.unknown(), debug: ReplyDebug.optional() }),
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(false), error: WorkerErrorInfo, debug: ReplyDebug.optional() }),
]);
export type ReplyLine = z.infer<typeof ReplyLine>;

/** A protocol line; `junk` is what preceded its JSON on the same line (a stray write without a newline), if anything. */
export type WorkerLine =
  | { kind: 'ready'; info: ReadyInfo; junk?: string }
  | { kind: 'standby'; info: StandbyInfo; junk?: string }
  | { kind: 'failed'; reason: string; junk?: string }
  | { kind: 'event'; id: number | string; event: string; junk?: string }
  | { kind: 'reply'; reply: ReplyLine; junk?: string }
  | { kind: 'garbage'; line: string; why: string };

/**
 * How many `{"` positions of a non-JSON line are tried as the start of a protocol object after junk: a stray prefix
 * is a few words (a warning, a colour code); a line with more candidates than this is garbage.
 */
const MAX_RECOVERY_TRIES = 16;

/**
 * Classifies one stdout line of the worker. A line that is not JSON but ends in a protocol object after some junk
 * (`WARNING: x{"type":"event",...}`: a stray Write-Host without a newline) is that object, with the junk kept for
 * the log: losing a `submitting` event would let a submitted order pass for not sent. Anything else outside the
 * protocol is `garbage` (logged, ignored).
 */
export function parseWorkerLine(line: string): WorkerLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return recoverAfterJunk(line) ?? { kind: 'garbage', line, why: 'not JSON' };
  }
  return classify(value, line);
}

/** The protocol object that ends a line after junk, or undefined when there is none. */
function recoverAfterJunk(line: string): WorkerLine | undefined {
  let at = line.indexOf('{"', 1);
  for (let tries = 0; at > 0 && tries < MAX_RECOVERY_TRIES; tries++, at = line.indexOf('{"', at + 1)) {
    let value: unknown;
    try {
      value = JSON.parse(line.slice(at));
    } catch {
      continue;
    }
    const parsed = classify(value, line);
    if (parsed.kind !== 'garbage') return { ...parsed, junk: line.slice(0, at) };
  }
  return undefined;
}

function classify(value: unknown, line: string): WorkerLine {
  if (typeof value !== 'object' || value === null) return { kind: 'garbage', line, why: 'not a JSON object' };
  const type = (value as { type?: unknown }).type;
  if (type === 'ready') {
    const r = ReadyLine.safeParse(value);
    return r.success ? { kind: 'ready', info: r.data } : { kind: 'garbage', line, why: 'bad ready line' };
  }
  if (type === 'standby') {
    const r = StandbyLine.safeParse(value);
    return r.success ? { kind: 'standby', info: r.data } : { kind: 'garbage', line, why: 'bad standby line' };
  }
  if (type === 'failed') {
    const r = FailedLine.safeParse(value);
    return r.success ? { kind: 'failed', reason: r.data.reason } : { kind: 'garbage', line, why: 'bad failed line' };
  }
  if (type === 'event') {
    const r = EventLine.safeParse(value);
    return r.success ? { kind: 'event', id: r.data.id, event: r.data.event } : { kind: 'garbage', line, why: 'bad event line' };
  }
  const r = ReplyLine.safeParse(value);
  return r.success ? { kind: 'reply', reply: r.data } : { kind: 'garbage', line, why: 'not a reply' };
}

/** JSON with every non-ASCII character escaped (\uXXXX): the wire is pure ASCII in both directions. */
export function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A request line for the worker. */
export function encodeRequest(id: number, cmd: string, args: Record<string, unknown>): string {
  return toAsciiJson({ id, cmd, args }) + '\n';
}

/** The line that turns a standby worker into the active one: it then starts its port and prints its ready line. */
export const ACTIVATE_LINE = '{"type":"activate"}\n';
