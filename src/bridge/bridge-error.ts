// bridge-error.ts - the bridge's one error shape: a registry code plus why (timeout, exited, protocol, client, ...).
import { GatewayError, isErrorCode, type ErrorCode } from '../errors.ts';
import type { WorkerErrorInfo } from './protocol.ts';

export type BridgeReason = 'timeout' | 'exited' | 'protocol' | 'client' | 'unavailable' | 'queue' | 'shutdown';

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
}

const SENT_UNKNOWN = '委托可能已经发出，结果未知：请在客户端的当日委托里核对，不要直接重试。(The order may have reached the client; check today\'s orders before retrying.)';
const NOT_SENT = '委托没有发出，可以重试。(The order was not sent; it is safe to retry.)';

/** The error for a command whose worker timed out. */
export function timeoutError(command: string, timeoutMs: number, isOrder: boolean, submitted: boolean): BridgeError {
  const base = `PowerShell 工作进程 ${timeoutMs} ms 内没有完成 ${command}，已重启工作进程。`;
  if (isOrder && submitted) return new BridgeError('outcome_unknown', `${base}${SENT_UNKNOWN}`, { reason: 'timeout', command, submitted });
  return new BridgeError('worker_timeout', isOrder ? `${base}${NOT_SENT}` : base, { reason: 'timeout', command });
}

/** The error for a command whose worker exited before replying. */
export function exitedError(command: string, exitCode: number | null, signal: string | null, isOrder: boolean, submitted: boolean): BridgeError {
  const how = signal ? `信号 ${signal}` : `退出码 ${exitCode}`;
  const base = `PowerShell 工作进程在执行 ${command} 时退出（${how}），正在重启。`;
  if (isOrder && submitted) return new BridgeError('outcome_unknown', `${base}${SENT_UNKNOWN}`, { reason: 'exited', command, exitCode, submitted });
  return new BridgeError('worker_crashed', isOrder ? `${base}${NOT_SENT}` : base, { reason: 'exited', command, exitCode });
}

/** The error for a worker's `ok:false` reply (a client-side problem reported by the worker). */
export function clientError(command: string, info: WorkerErrorInfo, isOrder = false): BridgeError {
  if (isOrder && info.submitted && info.code !== 'outcome_unknown') {
    // Whatever went wrong, it went wrong after the submit click: the order's fate is unknown.
    return new BridgeError('outcome_unknown', `${info.message} ${SENT_UNKNOWN}`, { reason: 'client', command, submitted: true });
  }
  const code: ErrorCode = info.code === 'bad_request' ? 'internal' : isErrorCode(info.code) ? info.code : 'internal';
  return new BridgeError(code, info.message, { reason: 'client', command, submitted: info.submitted ?? false });
}
