import { Type, type Static } from '@sinclair/typebox';
import { IsoDate, StrictObject } from '@server/core/schemas';
import { CATEGORIES, FORMALITIES } from './kinds';

export const CategorySchema = Type.Union(CATEGORIES.map((c) => Type.Literal(c)));
export const FormalitySchema = Type.Union(FORMALITIES.map((f) => Type.Literal(f)));
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Kind = Type.String({
  minLength: 1,
  maxLength: 40,
  // Words as people write them, in any language: `Running Shoes`, `tank_top`, `écharpe`, `robe d'été`.
  pattern: "^\\p{L}[\\p{L}\\p{M} _'’.-]*$",
  description: 'tshirt, shirt, sweater, jeans, coat, boots, umbrella… (case, spaces, hyphens, plurals and French names are understood)',
});
const Warmth = Type.Number({ minimum: 0, maximum: 3, description: 'insulation in clo (defaulted from the kind)' });
const Colors = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 8 });
const ProfileRef = Type.String({ minLength: 1, maxLength: 64 });

export const GarmentSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  category: CategorySchema,
  kind: Type.String(),
  warmth: Type.Number(),
  waterproof: Type.Boolean(),
  formality: FormalitySchema,
  colors: Type.Array(Type.String()),
  available: Type.Boolean(),
  profileId: Type.Union([Type.String(), Type.Null()]),
  photoUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const NewGarmentBody = StrictObject({
  name: Name,
  kind: Kind,
  category: Type.Optional(CategorySchema),
  warmth: Type.Optional(Warmth),
  waterproof: Type.Optional(Type.Boolean()),
  formality: Type.Optional(FormalitySchema),
  colors: Type.Optional(Colors),
  available: Type.Optional(Type.Boolean()),
  profileId: Type.Optional(Type.Union([ProfileRef, Type.Null()])),
});
export type NewGarmentBody = Static<typeof NewGarmentBody>;

/** Any field of a new garment, at least one. */
export const GarmentPatchBody = Type.Partial(NewGarmentBody, { additionalProperties: false, minProperties: 1 });

export const GarmentListQuery = StrictObject({
  category: Type.Optional(CategorySchema),
  kind: Type.Optional(Kind),
  profile: Type.Optional(ProfileRef),
  available: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const GarmentList = Type.Object({ items: Type.Array(GarmentSchema) });

export const WornBody = StrictObject({
  garmentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 }),
  date: Type.Optional(IsoDate),
  profile: Type.Optional(ProfileRef),
});

export const WornQuery = StrictObject({
  from: IsoDate,
  to: IsoDate,
  profile: Type.Optional(ProfileRef),
});

export const WearRecordSchema = Type.Object({ garmentId: Type.String(), profileId: Type.String(), date: Type.String() });
export const WornList = Type.Object({ worn: Type.Array(WearRecordSchema) });

export const PhotoQuery = Type.Object({ access_token: Type.Optional(Type.String({ maxLength: 200 })) });

/** The kinds table (kinds.ts) as the household app reads it to fill in a new garment. */
export const KindSchema = Type.Object({
  kind: Type.String(),
  category: CategorySchema,
  warmth: Type.Number({ description: 'default insulation in clo' }),
  formality: FormalitySchema,
  waterproof: Type.Boolean(),
});
export const KindList = Type.Object({ kinds: Type.Array(KindSchema) });
export type KindList = Static<typeof KindList>;
