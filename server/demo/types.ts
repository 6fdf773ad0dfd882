import type { FastifyInstance } from 'fastify';
import type { Household, Profile } from '@server/households/service';

export interface DemoHousehold {
  household: Household;
  profiles: Profile[];
  token: string;
}

/** Each capability adds its part of the demo through one of these. */
export type DemoContributor = (app: FastifyInstance, demo: DemoHousehold) => Promise<void>;
