// job-outcome.ts - what becomes of one command, whatever the supervisor's state: its events told to its caller, its
// reply settling it, the worker's exit or deadline failing it (an order's "sent or not" from its events), and what
// its end tells the client facts.
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import { clientError, exitedError, timeoutError } from './bridge-error.ts';
import type { ClientFacts } from './client-facts.ts';
import { COMMANDS } from './commands.ts';
import type { ReplyLine } from './protocol.ts';
import type { Job } from './supervisor-types.ts';
import type { WorkerExit } from './worker-process.ts';

/** Tells a job's caller how far it got; a throw there is logged and never reaches the worker's line handler. */
export function notifyJob(job: Job, event: string, log: Logger): void {
  try {
    job.onEvent?.(event);
  } catch (err) {
    log.error({ err, cmd: job.cmd, id: job.id, event }, 'a command event handler threw; the command goes on');
  }
}

/** The worker's reply to the job in flight: its result, or the client's error (the reply's profile logged at debug). */
export function settleReply(job: Job, reply: ReplyLine, log: Logger): void {
  clearTimeout(job.timer);
  if (reply.debug) log.debug({ cmd: job.cmd, id: job.id, ...reply.debug }, 'worker profile: port calls, time inside them, own time');
  if (reply.ok) job.resolve(reply.result);
  else job.reject(clientError(job.cmd, reply.error, COMMANDS[job.cmd].isOrder));
}

/** The worker of the job in flight exited (or was killed past its deadline): submitted or not, from its events. */
export function rejectOnExit(job: Job, exit: WorkerExit): void {
  clearTimeout(job.timer);
  const submitted = job.events.includes('submitting');
  const isOrder = COMMANDS[job.cmd].isOrder;
  job.reject(job.timedOut !== undefined ? timeoutError(job.cmd, job.timedOut, isOrder, submitted) : exitedError(job.cmd, exit.exitCode, exit.signal, isOrder, submitted));
}

/** Hands a request's end to the client facts (client-facts.ts) and to `settled`, whichever way it ends. */
export function observeEnd(promise: Promise<unknown>, job: Pick<Job, 'cmd' | 'args'>, facts: ClientFacts, settled: () => void): void {
  promise.then(
    (result) => {
      settled();
      facts.observe(job.cmd, job.args, { ok: true, result });
    },
    (err: unknown) => {
      settled();
      facts.observe(job.cmd, job.args, { ok: false, error: err instanceof Error ? err.message : String(err), code: err instanceof GatewayError ? err.code : undefined });
    },
  );
}
