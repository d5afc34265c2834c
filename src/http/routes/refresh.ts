// refresh.ts - /refresh: the client's refresh command (F5's message twin), answered once the page showing reloaded.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Ordered, sendEnvelope } from '../reply.ts';
import { workerResult } from './account.ts';
import type { Bridge } from '../types.ts';

const RefreshResult = z.object({ refreshed: z.boolean(), ms: z.number(), page: z.number().nullable().optional() }).passthrough();

export function refreshRoutes(bridge: Bridge): Router {
  const router = Router();
  const refresh = async (_req: Request, res: Response): Promise<void> => {
    const r = workerResult(RefreshResult, await bridge.request('refresh', { trigger: 'request' }), 'refresh');
    sendEnvelope(res, 200, 1, '客户端已刷新。(the client refreshed its data)', { refresh: new Ordered([['at', new Date().toISOString()], ['page', r.page ?? null], ['ms', r.ms]]) });
  };
  router.route('/refresh').get(refresh).post(refresh);
  return router;
}
