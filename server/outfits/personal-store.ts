import { FEATURE_COUNT } from '@models/features';
import { emptyPersonalState, type PersonalState } from '@models/personalisation';
import type { Queryable } from '@server/store/store';

/** Reads and writes a profile's learned state; callers pass a transaction to read-modify-write. */
export async function loadPersonalState(db: Queryable, householdId: string, profileId: string, forUpdate = false): Promise<PersonalState | null> {
  let q = db.selectFrom('outfit_profiles').selectAll().where('household_id', '=', householdId).where('profile_id', '=', profileId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const head = JSON.parse(row.head) as number[];
  // A head from an older feature set is dropped rather than misread.
  return {
    comfortOffset: Number(row.comfort_offset),
    head: head.length === FEATURE_COUNT + 1 ? head : emptyPersonalState().head,
    feedbackCount: row.feedback_count,
  };
}

export async function savePersonalState(db: Queryable, householdId: string, profileId: string, state: PersonalState, now: string): Promise<void> {
  const values = { comfort_offset: state.comfortOffset, head: JSON.stringify(state.head), feedback_count: state.feedbackCount, updated_at: now };
  await db
    .insertInto('outfit_profiles')
    .values({ profile_id: profileId, household_id: householdId, ...values })
    .onConflict((oc) => oc.column('profile_id').doUpdateSet(values))
    .execute();
}

export async function deletePersonalState(db: Queryable, householdId: string, profileId: string): Promise<void> {
  await db.deleteFrom('outfit_profiles').where('household_id', '=', householdId).where('profile_id', '=', profileId).execute();
}
