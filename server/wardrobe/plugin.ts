import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { photoRoutes } from './photo-routes';
import { PhotoStore } from './photos';
import { wardrobeRoutes } from './routes';
import { WardrobeService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    wardrobe: WardrobeService;
    wardrobePhotos: PhotoStore;
  }
}

/** The wardrobe capability: garments, photos, laundry state and the wear log. */
export default fp(
  async (app: FastifyInstance) => {
    app.decorate('wardrobe', new WardrobeService(app.store, app.clock, app.events, app.households));
    app.decorate('wardrobePhotos', new PhotoStore(app.config.dataDir));
    await app.register(wardrobeRoutes);
    await app.register(photoRoutes);
  },
  { name: 'wardrobe', dependencies: ['core', 'households'] },
);
