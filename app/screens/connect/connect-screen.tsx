import { useRef, useState } from 'preact/hooks';
import { Api, ApiError } from '@app/core/api';
import { showError } from '@app/core/errors';
import type { I18n } from '@app/core/i18n';
import { FormFooter, TextField } from '@app/widgets/fields';
import { proposedPhoneName } from './phone-name';

export interface Joined {
  token: string;
  household: { id: string; name: string };
}

type Errors = { code?: string; deviceName?: string; form?: string };

/**
 * Shown when this phone has no token: the code read off the mirror (or brought by its QR code,
 * then already filled in) and a name for the phone are exchanged for the phone's own app token.
 * The form keeps what was typed whatever happens; a second tap while the first is on its way does
 * nothing (the redeem is not repeated: a code works once).
 */
export function ConnectScreen({ i18n, initialCode, notice, onJoined }: { i18n: I18n; initialCode: string | null; notice?: string; onJoined(joined: Joined): void }) {
  const [code, setCode] = useState(initialCode ?? '');
  const [deviceName, setDeviceName] = useState(() => proposedPhoneName(navigator.userAgent, i18n));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const api = useRef(new Api(null));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (inFlight.current) return;
    const found: Errors = {};
    if (!code.trim()) found.code = i18n.t('app.connect.codeRequired');
    if (!deviceName.trim()) found.deviceName = i18n.t('app.connect.nameRequired');
    setErrors(found);
    if (Object.keys(found).length) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const joined = await api.current.post<Joined>('/api/v1/join-codes/redeem', { code: code.trim(), deviceName: deviceName.trim() });
      onJoined(joined);
    } catch (err) {
      const shown = showError(err, i18n);
      const field = err instanceof ApiError && err.field === 'deviceName' ? 'deviceName' : err instanceof ApiError && err.field === 'code' ? 'code' : 'form';
      setErrors({ [field]: shown.message });
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return (
    <main class="connect" id="screen">
      <h1 class="screen-title">{i18n.t('app.connect.title')}</h1>
      {notice ? (
        <p class="connect-notice" role="alert">
          {notice}
        </p>
      ) : null}
      <p>{i18n.t('app.connect.explain')}</p>
      <form class="panel connect-form" onSubmit={(e) => void submit(e)} noValidate aria-label={i18n.t('app.connect.title')}>
        <TextField
          label={i18n.t('app.connect.code')}
          hint={i18n.t('app.connect.codeHint')}
          value={code}
          onValue={setCode}
          error={errors.code}
          maxLength={32}
          autoComplete="one-time-code"
          name="code"
        />
        <TextField label={i18n.t('app.connect.name')} hint={i18n.t('app.connect.nameHint')} value={deviceName} onValue={setDeviceName} error={errors.deviceName} maxLength={60} autoComplete="off" name="deviceName" />
        <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.connect.submit')} busyLabel={i18n.t('app.connect.connecting')} />
      </form>
    </main>
  );
}
