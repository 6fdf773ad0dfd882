import { FEATURE_COUNT } from '@models/features';
import { emptyPersonalState, type PersonalState } from '@models/personalisation';
import { prepare } from '@server/store/prepared';
import type { Queryable } from '@server/store/store';

// Read by every outfit suggestion; the locking form by feedback's read-modify-write.
const selectPersonalState = (db: Queryable, p: { householdId: string; profileId: string }) =>
  db.selectFrom('outfit_profiles').selectAll().where('household_id', '=', p.householdId).where('profile_id', '=', p.profileId);
const personalStateQuery = prepare(selectPersonalState);
const personalStateForUpdateQuery = prepare((db, p: { householdId: string; profileId: string }) => selectPersonalState(db, p).forUpdate());

/** Reads and writes a profile's learned state; callers pass a transaction to read-modify-write. */
export async function loadPersonalState(db: Queryable, householdId: string, profileId: string, forUpdate = false): Promise<PersonalState | null> {
  const row = await (forUpdate ? personalStateForUpdateQuery : personalStateQuery).first(db, { householdId, profileId });
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
