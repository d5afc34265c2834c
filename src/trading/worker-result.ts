// worker-result.ts - checks the shape of a worker command's result before any use case reads it.
import type { z } from 'zod';
import { GatewayError } from '../core/errors.ts';

/** Parses a worker result, or fails as a protocol error (502) naming the command. */
export function workerResult<T>(schema: z.ZodType<T>, value: unknown, cmd: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new GatewayError('worker_protocol', `工作进程对 ${cmd} 的应答格式不对：${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}
