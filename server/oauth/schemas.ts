import { Type, type Static } from '@sinclair/typebox';
import { StrictObject } from '@server/core/schemas';

/** A form or query value: one string (a parameter sent twice arrives as an array and is refused, RFC 6749 §3.1). */
const Param = (maxLength = 512) => Type.String({ maxLength });

/** RFC 6749 §4.1.1 with RFC 7636's PKCE parameters. Unknown parameters are ignored, as the RFC says. */
export const AuthorizeQuery = Type.Object({
  response_type: Param(32),
  client_id: Param(256),
  redirect_uri: Param(512),
  state: Type.Optional(Param(1024)),
  scope: Type.Optional(Param(256)),
  code_challenge: Type.Optional(Type.String({ minLength: 43, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' })),
  code_challenge_method: Type.Optional(Param(16)),
});
export type AuthorizeQuery = Static<typeof AuthorizeQuery>;

export const AuthorizeForm = Type.Object({
  ...AuthorizeQuery.properties,
  state: Param(1024),
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  pairing_code: Type.Optional(Param(16)),
});
export type AuthorizeForm = Static<typeof AuthorizeForm>;

/** RFC 6749 §4.1.3 / §6; the library checks which fields each grant needs. */
export const TokenForm = Type.Object({
  grant_type: Param(64),
  code: Type.Optional(Param()),
  redirect_uri: Type.Optional(Param()),
  code_verifier: Type.Optional(Param(128)),
  refresh_token: Type.Optional(Param()),
  client_id: Type.Optional(Param(256)),
  client_secret: Type.Optional(Param(256)),
  scope: Type.Optional(Param(256)),
});

/** RFC 7009 §2.1. */
export const RevokeForm = Type.Object({
  token: Param(),
  token_type_hint: Type.Optional(Param(32)),
  client_id: Type.Optional(Param(256)),
  client_secret: Type.Optional(Param(256)),
});

export const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.String(),
  expires_in: Type.Optional(Type.Integer()),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
});

export const LinkSchema = Type.Object({
  id: Type.String(),
  platform: Type.Union([Type.Literal('alexa'), Type.Literal('google')]),
  clientId: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()], { description: 'when the platform last called with this link (to the quarter hour); null: never' }),
});
export const LinkListSchema = StrictObject({ links: Type.Array(LinkSchema) });
