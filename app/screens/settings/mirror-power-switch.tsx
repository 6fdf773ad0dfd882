import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { MirrorPowerState } from '@server/mirror/power-rule';
import { MIRROR_POWER_PATH } from '@server/mirror/messages';
import { Switch } from '@app/widgets/fields';

/**
 * The mirror's night override, switched by hand: the same service as "Hey Google, turn off the
 * mirror" (PUT /api/v1/mirror/power). It acts at once, outside the settings form, and follows
 * changes made by voice through the live stream.
 */
export function MirrorPowerSwitch() {
  const { api, i18n, household } = useSession();
  const power = useResource((a) => a.get<MirrorPowerState>(MIRROR_POWER_PATH), [], ['mirror.power', 'household.updated']);
  const [error, setError] = useState('');
  // The switch shows the asked-for position while the server answers (a person sees their tap
  // take), then whatever the server says; a refusal puts it back and says why.
  const [pending, setPending] = useState<boolean | null>(null);
  const state = power.data;

  const toggle = async (awake: boolean) => {
    setPending(awake);
    setError('');
    try {
      await api.put(MIRROR_POWER_PATH, { awake });
      await power.reload();
    } catch (err) {
      setError(showError(err, i18n).message);
    } finally {
      setPending(null);
    }
  };

  if (!state) return power.error ? <p class="form-error" role="alert">{power.error.message}</p> : null;
  const time = state.override ? i18n.date(state.override.until, household.timezone, { weekday: 'long', hour: 'numeric', minute: '2-digit' }) : '';
  const description = state.override
    ? i18n.t(state.awake ? 'app.mirrorPower.awakeUntil' : 'app.mirrorPower.nightUntil', { time })
    : i18n.t(state.awake ? 'app.mirrorPower.awakeSchedule' : 'app.mirrorPower.nightSchedule');
  return (
    <section class="sheet" aria-label={i18n.t('app.mirrorPower.label')}>
      <Switch label={i18n.t('app.mirrorPower.label')} description={description} checked={pending ?? state.awake} disabled={pending !== null} onChange={(awake) => void toggle(awake)} />
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
