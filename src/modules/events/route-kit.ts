import type { FastifyRequest } from 'fastify';
import { callerOf } from '../../plugins/auth.js';
import type { ActionContext } from '../access/caller.js';
import type { ScheduleHooks } from './hooks.js';
import type { ScheduleService } from './schedule.service.js';

/** Every events route admits the ministry and portals; the services decide per event. */
export const WRITERS = { roles: ['ministry', 'portal'] } as const;
export const TAGS = ['events'];
export const contextOf = (request: FastifyRequest): ActionContext => ({ caller: callerOf(request), requestId: request.id });
export interface EventRouteDeps {
  hooks: ScheduleHooks;
  schedules: ScheduleService;
}
