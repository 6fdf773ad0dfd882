import { useSession } from '@app/core/session';
import type { JoinCode } from '@app/core/types';
import { QrCode } from '@app/widgets/qr-code';

/**
 * A fresh join code for another phone: its QR code (the join URL), the code to type, until when it
 * works, and, when the server listens on this machine only, how to open it to the home network.
 */
export function JoinCodePanel({ code, onDone }: { code: JoinCode; onDone(): void }) {
  const { i18n, household } = useSession();
  const until = i18n.date(code.expiresAt, household.timezone, { hour: 'numeric', minute: '2-digit' });
  return (
    <div class="join-code" role="status">
      <p>{i18n.t('app.joinCode.scan')}</p>
      <QrCode value={code.joinUrl} label={i18n.t('app.joinCode.qr')} size={200} />
      <p>{i18n.t('app.joinCode.orType')}</p>
      <p class="join-code-value">{code.code}</p>
      <p class="muted">{i18n.t('app.joinCode.expires', { time: until })}</p>
      {code.reachableFromPhones ? null : (
        <div class="join-code-warning">
          <p>{i18n.t(code.addressReason === 'noNetwork' ? 'app.joinCode.noNetwork' : 'app.joinCode.loopback')}</p>
          <p>{i18n.t('app.joinCode.meaning')}</p>
        </div>
      )}
      <button type="button" class="button button-secondary" onClick={onDone}>
        {i18n.t('app.joinCode.done')}
      </button>
    </div>
  );
}
