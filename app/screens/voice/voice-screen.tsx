import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { OAuthLink, PairingCode, VoiceLink } from '@app/core/types';
import { ScreenTitle } from '@app/widgets/screen-title';
import { ConfirmRemove } from '@app/widgets/confirm-remove';
import { Announcer, ErrorNote } from '@app/widgets/status';

type Linked = { key: string; platform: 'alexa' | 'google'; kind: 'spoken' | 'account'; since: string; detail: string; remove: string };

/** `123456` → `123 456`: six digits read (and said) in two groups. */
function grouped(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

/**
 * Voice: a pairing code for Alexa or Google (shown big, with until when and what to say), and the
 * voice links of the household: accounts paired by a spoken code (`/api/v1/voice-links`) and
 * account links made through OAuth (`/api/v1/links`), each unlinked after a second tap.
 */
export function VoiceScreen() {
  const { api, i18n, household } = useSession();
  const spoken = useResource((a) => a.get<{ links: VoiceLink[] }>('/api/v1/voice-links'), []);
  const accounts = useResource((a) => a.get<{ links: OAuthLink[] }>('/api/v1/links'), []);
  const [code, setCode] = useState<PairingCode | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ key: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');

  const date = (iso: string) => i18n.date(iso, household.timezone, { day: 'numeric', month: 'short', year: 'numeric' });
  const platformName = (p: string) => i18n.t(`app.voice.platforms.${p}`);
  const linked: Linked[] = [
    ...(spoken.data?.links ?? []).map((l) => ({
      key: `spoken-${l.platform}`,
      platform: l.platform,
      kind: 'spoken' as const,
      since: l.since,
      detail: i18n.t('app.voice.spokenDetail', { count: l.accounts }),
      remove: `/api/v1/voice-links/${l.platform}`,
    })),
    ...(accounts.data?.links ?? []).map((l) => ({
      key: `account-${l.id}`,
      platform: l.platform,
      kind: 'account' as const,
      since: l.createdAt,
      detail: l.lastUsedAt ? i18n.t('app.voice.lastUsed', { date: date(l.lastUsedAt) }) : i18n.t('app.voice.neverUsed'),
      remove: `/api/v1/links/${l.id}`,
    })),
  ];

  const requestCode = async () => {
    if (busy) return;
    setBusy(true);
    setCodeError(null);
    try {
      setCode(await api.post<PairingCode>('/api/v1/pairing/code'));
    } catch (err) {
      setCodeError(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };

  const unlink = async (link: Linked) => {
    if (busy) return;
    setBusy(true);
    setRowError(null);
    try {
      await api.delete(link.remove);
      setConfirming(null);
      setAnnounce(i18n.t('app.voice.unlinked', { platform: platformName(link.platform) }));
      await Promise.all([spoken.reload(), accounts.reload()]);
    } catch (err) {
      setConfirming(null);
      setRowError({ key: link.key, message: showError(err, i18n).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.voice')}</ScreenTitle>
      <Announcer message={announce} />
      <section class="panel" aria-labelledby="pair-title">
        <h2 id="pair-title">{i18n.t('app.voice.pairTitle')}</h2>
        <p>{i18n.t('app.voice.pairExplain')}</p>
        {code ? (
          <div class="pair-code" role="status">
            <p class="pair-code-value" aria-label={i18n.t('app.voice.codeIs', { code: code.code.split('').join(' ') })}>
              {grouped(code.code)}
            </p>
            <p>{i18n.t('app.voice.say', { code: code.code })}</p>
            <p class="muted">{i18n.t('app.voice.expires', { time: i18n.date(code.expiresAt, household.timezone, { hour: 'numeric', minute: '2-digit' }) })}</p>
          </div>
        ) : null}
        {codeError ? (
          <p class="form-error" role="alert">
            {codeError}
          </p>
        ) : null}
        <button type="button" class="button fit" onClick={() => void requestCode()} disabled={busy}>
          {i18n.t(code ? 'app.voice.newCode' : 'app.voice.getCode')}
        </button>
      </section>
      <section class="panel" aria-labelledby="links-title">
        <h2 id="links-title">{i18n.t('app.voice.linksTitle')}</h2>
        {spoken.error ? <ErrorNote error={spoken.error} onRetry={() => void spoken.reload()} /> : null}
        {accounts.error ? <ErrorNote error={accounts.error} onRetry={() => void accounts.reload()} /> : null}
        {spoken.data && accounts.data && linked.length === 0 ? <p class="muted">{i18n.t('app.voice.noLinks')}</p> : null}
        <ul class="order-list">
          {linked.map((l) => (
            <li key={l.key} class="order" aria-labelledby={`${l.key}-title`}>
              <h3 id={`${l.key}-title`}>{i18n.t(`app.voice.kinds.${l.kind}`, { platform: platformName(l.platform) })}</h3>
              <p class="muted">
                {i18n.t('app.voice.since', { date: date(l.since) })} · {l.detail}
              </p>
              {rowError?.key === l.key ? (
                <p class="field-error" role="alert">
                  {rowError.message}
                </p>
              ) : null}
              <ConfirmRemove
                confirming={confirming === l.key}
                busy={busy}
                describedBy={`${l.key}-title`}
                label={i18n.t('app.voice.unlink')}
                confirmLabel={i18n.t('app.voice.unlinkConfirm', { platform: platformName(l.platform) })}
                cancelLabel={i18n.t('app.common.cancel')}
                onAsk={() => setConfirming(l.key)}
                onConfirm={() => void unlink(l)}
                onCancel={() => setConfirming(null)}
              />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
