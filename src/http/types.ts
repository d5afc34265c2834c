// types.ts - what the HTTP layer needs from the bridge (the supervisor, or a test double of the same shape).
import type { WorkerSupervisor } from '../bridge/supervisor.ts';

export type Bridge = Pick<WorkerSupervisor, 'request' | 'health'>;
