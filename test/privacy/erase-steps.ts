import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '@test/helpers/build-app';

/** Erases a household the way a person does: a fresh confirmation for this token, then the DELETE with it. */
export async function eraseWithConfirmation(t: TestApp, auth: { authorization: string }): Promise<LightMyRequestResponse> {
  const asked = await t.app.inject({ method: 'POST', url: '/api/v1/household/erase-confirmation', headers: auth });
  if (asked.statusCode !== 201) return asked;
  const { confirmation } = asked.json<{ confirmation: string }>();
  return t.app.inject({ method: 'DELETE', url: '/api/v1/household', headers: auth, payload: { confirmation } });
}
