import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { agendaWindow } from './window';
import { AgendaQuery, AgendaResponse, CALENDAR_BODY_LIMIT, CalendarList, CalendarSchema, NewCalendarBody } from './schemas';

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['calendar'];

  app.post(
    '/api/v1/calendars',
    { bodyLimit: CALENDAR_BODY_LIMIT, schema: { tags, body: NewCalendarBody, response: { 201: CalendarSchema, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await app.calendar.add(householdOf(request), request.body)),
  );

  app.get('/api/v1/calendars', { schema: { tags, response: { 200: CalendarList, ...errorResponses } } }, async (request) => ({
    calendars: await app.calendar.list(householdOf(request)),
  }));

  app.post(
    '/api/v1/calendars/:id/refresh',
    { schema: { tags, params: IdParams, response: { 200: CalendarSchema, ...errorResponses } } },
    async (request) => app.calendar.refresh(householdOf(request), request.params.id),
  );

  app.delete(
    '/api/v1/calendars/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await app.calendar.remove(householdOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get('/api/v1/agenda', { config: { scopes: ACCESS.mirror }, schema: { tags, querystring: AgendaQuery, response: { 200: AgendaResponse, ...errorResponses } } }, async (request) => {
    const householdId = householdOf(request);
    const { timezone } = await app.households.get(householdId);
    const window = agendaWindow(request.query, timezone, app.clock.now());
    const profileId = request.query.profile ? (await app.households.resolveProfile(householdId, request.query.profile)).id : undefined;
    const events = await app.calendar.agenda(householdId, window.from, window.to, { profileId });
    return {
      from: window.fromIso,
      to: window.toIso,
      timezone,
      events: events.map(({ uid, title, start, end, allDay, location, calendarId }) => ({ uid, title, start, end, allDay, location, calendarId })),
    };
  });
};
