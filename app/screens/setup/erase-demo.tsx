import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api } from '@app/core/api';
import { showError } from '@app/core/errors';
import { useSession } from '@app/core/session';
import { demoToken, forgetDemoToken } from '@app/core/token';
import { TextField } from '@app/widgets/fields';

/**
 * After first run this phone still holds the demo's token, for this only: the privacy screen's
 * erase (a fresh confirmation, then the DELETE) run on the demo household, confirmed by typing
 * its name; then the token is forgotten.
 */
export function EraseDemo() {
  const { i18n } = useSession();
  const token = useMemo(() => demoToken(window.localStorage), []);
  const demoApi = useMemo(() => (token ? new Api(token) : null), [token]);
  const [demoName, setDemoName] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    demoApi?.get<{ name: string }>('/api/v1/household').then(
      (h) => setDemoName(h.name),
      () => {
        // Already erased elsewhere (or the token revoked): nothing left to offer.
        forgetDemoToken(window.localStorage);
        setDemoName(null);
      },
    );
  }, [demoApi]);
  if (done) {
    return (
      <p class="state" role="status">
        {i18n.t('app.setup.demoErased')}
      </p>
    );
  }
  if (!demoApi || !demoName) return null;
  const erase = async (e: Event) => {
    e.preventDefault();
    if (typed.trim() !== demoName) {
      setError(i18n.t('app.privacy.eraseMismatch', { name: demoName }));
      return;
    }
    setBusy(true);
    try {
      const { confirmation } = await demoApi.post<{ confirmation: string }>('/api/v1/household/erase-confirmation');
      await demoApi.delete('/api/v1/household', { confirmation });
      forgetDemoToken(window.localStorage);
      setDone(true);
    } catch (err) {
      setError(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel danger-panel" aria-labelledby="erase-demo-title">
      <h2 id="erase-demo-title">{i18n.t('app.setup.eraseDemo')}</h2>
      <p>{i18n.t('app.setup.eraseDemoWhat', { name: demoName })}</p>
      <form class="inline-form" onSubmit={(e) => void erase(e)} noValidate>
        <TextField label={i18n.t('app.privacy.eraseConfirm', { name: demoName })} value={typed} onValue={setTyped} error={error} autoComplete="off" />
        <button type="submit" class="button button-danger" disabled={busy}>
          {i18n.t('app.setup.eraseDemo')}
        </button>
      </form>
    </section>
  );
}
