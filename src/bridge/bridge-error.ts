// bridge-error.ts - the bridge's one error shape (a registry code plus why: timeout, exited, protocol, client, ...)
// and all of the bridge's wording, in one place.
import { ERRORS, GatewayError, isErrorCode, type ErrorCode, type ErrorSpec } from '../core/errors.ts';
import type { WorkerErrorInfo } from './protocol.ts';

export type BridgeReason = 'timeout' | 'exited' | 'protocol' | 'client' | 'unavailable' | 'queue' | 'shutdown' | 'abandoned' | 'dry_run';

export class BridgeError extends GatewayError {
  readonly reason: BridgeReason;
  readonly command: string;
  readonly exitCode: number | null | undefined;
  /** True when an order may have reached the client (the worker said `submitting`). */
  readonly submitted: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { reason: BridgeReason; command: string; exitCode?: number | null; submitted?: boolean; cause?: unknown },
  ) {
    super(code, message, { cause: opts.cause });
    this.name = 'BridgeError';
    this.reason = opts.reason;
    this.command = opts.command;
    this.exitCode = opts.exitCode;
    this.submitted = opts.submitted ?? false;
  }

  /** A reply names why the bridge failed, and whether an order may have been submitted. */
  override replyFields(): Record<string, unknown> {
    return { ...(this.field ? { field: this.field } : {}), reason: this.reason, ...(this.code === 'outcome_unknown' ? { submitted: true } : {}), ...this.details };
  }
}

/** The wording of every bridge error (Chinese first, English in parentheses where the caller may act on it). */
export const WORDING = {
  sentUnknown: '委托可能已经发出，结果未知：请在客户端的当日委托里核对，不要直接重试。(The order may have reached the client; check today\'s orders before retrying.)',
  notSent: '委托没有发出，可以重试。(The order was not sent; it is safe to retry.)',
  shuttingDown: '服务正在关闭，没有执行该请求。(The server is shutting down.)',
  timedOut: (command: string, timeoutMs: number): string => `PowerShell 工作进程 ${timeoutMs} ms 内没有完成 ${command}，已重启工作进程。`,
  exited: (command: string, how: string): string => `PowerShell 工作进程在执行 ${command} 时退出（${how}），正在重启。`,
  failed: (why: string | undefined): string => `PowerShell 工作进程无法启动或反复崩溃${why ? `：${why}` : ''}`,
  queueFull: (limit: number): string => `排队的请求已达上限 ${limit} 个，请稍后再试。`,
  queueWait: (waitMs: number, state: string): string => `请求排队 ${waitMs} ms 仍未轮到（工作进程状态：${state}），没有执行。`,
  abandoned: (command: string): string => `调用方在 ${command} 排队时断开了连接，命令没有发往客户端。(the caller disconnected while ${command} was queued; nothing was sent)`,
  dryRunLocked: (command: string): string => `演练模式（--dry-run）：工作进程桥拒绝会改变客户端的命令 ${command}，没有发往客户端。(dry run: the bridge refuses ${command}, which changes the client)`,
  notWritten: (command: string): string => `工作进程的输入已关闭，${command} 没有发出。(the worker's input is closed; ${command} was not sent)`,
} as const;

/** The error for a request refused because the server is stopping. */
export function shuttingDownError(command: string): BridgeError {
  return new BridgeError('shutting_down', WORDING.shuttingDown, { reason: 'shutdown', command });
}

/** The error for a request refused because the worker cannot start (crash loop, failed line). */
export function failedError(command: string, why: string | undefined): BridgeError {
  return new BridgeError('worker_failed', WORDING.failed(why), { reason: 'unavailable', command });
}

/** The error for a request refused because the queue is full. */
export function queueFullError(command: string, limit: number): BridgeError {
  return new BridgeError('queue_full', WORDING.queueFull(limit), { reason: 'queue', command });
}

/** The error for a request that waited its whole queue time without its turn (it was never sent). */
export function queueWaitError(command: string, waitMs: number, state: string): BridgeError {
  return new BridgeError('worker_unavailable', WORDING.queueWait(waitMs, state), { reason: 'queue', command });
}

/** The error for a command dropped from the queue because its caller went away (it was never sent). */
export function abandonedError(command: string): BridgeError {
  return new BridgeError('request_abandoned', WORDING.abandoned(command), { reason: 'abandoned', command });
}

/** The error for a command that changes the client, refused because the server runs in dry-run (the second lock). */
export function dryRunLockedError(command: string): BridgeError {
  return new BridgeError('dry_run_locked', WORDING.dryRunLocked(command), { reason: 'dry_run', command });
}

/** The error for a command whose line could not be written (the worker's stdin was already closed). */
export function notWrittenError(command: string): BridgeError {
  return new BridgeError('worker_unavailable', WORDING.notWritten(command), { reason: 'exited', command });
}

/** The error for a command whose worker timed out. */
export function timeoutError(command: string, timeoutMs: number, isOrder: boolean, submitted: boolean): BridgeError {
  const base = WORDING.timedOut(command, timeoutMs);
  if (isOrder && submitted) return new BridgeError('outcome_unknown', `${base}${WORDING.sentUnknown}`, { reason: 'timeout', command, submitted });
  return new BridgeError('worker_timeout', isOrder ? `${base}${WORDING.notSent}` : base, { reason: 'timeout', command });
}

/** The error for a command whose worker exited before replying; the exit is its cause. */
export function exitedError(command: string, exitCode: number | null, signal: string | null, isOrder: boolean, submitted: boolean): BridgeError {
  const base = WORDING.exited(command, signal ? `信号 ${signal}` : `退出码 ${exitCode}`);
  const cause = { exitCode, signal };
  if (isOrder && submitted) return new BridgeError('outcome_unknown', `${base}${WORDING.sentUnknown}`, { reason: 'exited', command, exitCode, submitted, cause });
  return new BridgeError('worker_crashed', isOrder ? `${base}${WORDING.notSent}` : base, { reason: 'exited', command, exitCode, cause });
}

/** The error for a worker's `ok:false` reply (a client-side problem reported by the worker); the reply is its cause. */
export function clientError(command: string, info: WorkerErrorInfo, isOrder = false): BridgeError {
  // A code whose outcome is itself unknown (outcome_unknown, broker_forward_failed, broker_begin_failed,
  // broker_send_failed) is kept: it says more.
  const unknownAlready = isErrorCode(info.code) && (ERRORS[info.code] as ErrorSpec).outcome === 'unknown';
  if (isOrder && info.submitted && !unknownAlready) {
    // Whatever went wrong, it went wrong after the submit click: the order's fate is unknown.
    return new BridgeError('outcome_unknown', `${info.message} ${WORDING.sentUnknown}`, { reason: 'client', command, submitted: true, cause: info });
  }
  const code: ErrorCode = isErrorCode(info.code) ? info.code : 'internal';
  return new BridgeError(code, info.message, { reason: 'client', command, submitted: info.submitted ?? false, cause: info });
}

/** The reason a worker whose ready line does not match this bridge is refused (commands or script version). */
export function mismatchReason(expected: { commands: readonly string[]; scriptVersion: string }, got: { commands?: readonly string[] | undefined; scriptVersion?: string | undefined }): string | undefined {
  if (got.scriptVersion !== expected.scriptVersion) {
    return `worker script version ${got.scriptVersion ?? '(none)'} does not match the server's ${expected.scriptVersion}: the ps/ folder and the server come from different releases`;
  }
  const want = [...expected.commands].sort();
  const have = [...(got.commands ?? [])].sort();
  const missing = want.filter((c) => !have.includes(c));
  const extra = have.filter((c) => !want.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    return `worker commands do not match the server's catalog (missing: ${missing.join(', ') || 'none'}; unknown: ${extra.join(', ') || 'none'})`;
  }
  return undefined;
}
