import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '@server/core/errors';
import { errorResponses, IdParams } from '@server/core/schemas';
import { ACCESS, householdOf } from '@server/plugins/auth';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, sniffImage } from './photos';
import { GarmentSchema, PhotoQuery } from './schemas';

/**
 * Garment photos. Registered without fastify-plugin so multipart parsing exists only here: every
 * other route keeps rejecting multipart bodies.
 */
export const photoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0, parts: 1 } });
  const tags = ['wardrobe'];

  app.put(
    '/api/v1/wardrobe/items/:id/photo',
    {
      bodyLimit: MAX_PHOTO_BYTES + 64 * 1024,
      schema: { tags, params: IdParams, consumes: ['multipart/form-data'], response: { 200: GarmentSchema, 413: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse'), ...errorResponses } },
    },
    async (request) => {
      const householdId = householdOf(request);
      await app.wardrobe.get(householdId, request.params.id);
      if (!request.isMultipart()) throw new AppError('wardrobe.photoNotMultipart', 415);
      const part = await request.file();
      if (!part) throw new AppError('wardrobe.photoMissing', 400);
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('wardrobe.photoTooLarge', 413, { maxMb: MAX_PHOTO_BYTES / 1024 / 1024 });
        throw err;
      }
      const ext = sniffImage(bytes);
      if (!ext) throw new AppError('wardrobe.photoType', 415, { types: Object.values(PHOTO_TYPES).join(', ') });
      const file = app.wardrobePhotos.write(householdId, request.params.id, ext, bytes);
      let stored: Awaited<ReturnType<typeof app.wardrobe.setPhoto>>;
      try {
        stored = await app.wardrobe.setPhoto(householdId, request.params.id, file);
      } catch (err) {
        // The garment went away meanwhile: no file without its row.
        app.wardrobePhotos.remove(householdId, file);
        throw err;
      }
      const { garment, previous } = stored;
      if (previous && previous !== file) app.wardrobePhotos.remove(householdId, previous);
      return garment;
    },
  );

  // `<img src>` cannot send a header: the mirror may pass its token as ?access_token=.
  app.get(
    '/api/v1/wardrobe/items/:id/photo',
    { config: { urlToken: 'photo', scopes: ACCESS.mirror }, schema: { tags, params: IdParams, querystring: PhotoQuery, produces: Object.values(PHOTO_TYPES), response: errorResponses } },
    async (request, reply) => {
      const householdId = householdOf(request);
      const file = await app.wardrobe.photoFile(householdId, request.params.id);
      const photo = app.wardrobePhotos.read(householdId, file);
      if (!photo) throw notFound('photo');
      return reply
        .header('content-type', photo.contentType)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(photo.bytes);
    },
  );

  app.delete('/api/v1/wardrobe/items/:id/photo', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errorResponses } } }, async (request, reply) => {
    const householdId = householdOf(request);
    const { previous } = await app.wardrobe.setPhoto(householdId, request.params.id, null);
    app.wardrobePhotos.remove(householdId, previous);
    return reply.status(204).send(null);
  });
};
