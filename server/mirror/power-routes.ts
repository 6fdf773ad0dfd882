import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorResponses } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { MIRROR_POWER_PATH } from './messages';

export const MirrorPowerSchema = Type.Object(
  {
    awake: Type.Boolean({ description: 'true: the mirror shows the day; false: night mode (dark)' }),
    override: Type.Union(
      [
        Type.Object({
          mode: Type.Union([Type.Literal('night'), Type.Literal('awake')]),
          until: Type.String({ format: 'date-time', description: 'when the schedule takes over again' }),
        }),
        Type.Null(),
      ],
      { description: 'the manual override in force, null when the night hours decide' },
    ),
  },
  { $id: 'MirrorPower' },
);

const PowerBody = Type.Object({ awake: Type.Boolean() }, { additionalProperties: false });

export const mirrorPowerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['mirror'];
  // The page reads it to know whether to be dark; only people switch it (the mirror has no switch).
  app.get(MIRROR_POWER_PATH, { config: { scopes: ACCESS.mirror }, schema: { tags, summary: 'Whether the mirror is awake or in night mode, and the manual override', response: { 200: MirrorPowerSchema, ...errorResponses } } }, async (request) =>
    app.mirrorPower.state(householdOf(request)),
  );
  app.put(
    MIRROR_POWER_PATH,
    {
      schema: {
        tags,
        summary: 'Night mode now (awake: false) until the next scheduled wake, or awake now (true) until the next night starts',
        body: PowerBody,
        response: { 200: MirrorPowerSchema, ...errorResponses },
      },
    },
    async (request) => app.mirrorPower.set(householdOf(request), request.body.awake, 'app'),
  );
};
