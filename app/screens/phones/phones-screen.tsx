import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { JoinCode, TokenInfo } from '@app/core/types';
import { ScreenTitle } from '@app/widgets/screen-title';
import { ConfirmRemove } from '@app/widgets/confirm-remove';
import { Announcer, ErrorNote, Loading } from '@app/widgets/status';
import { JoinCodePanel } from './join-code-panel';

/** People's tokens only: a device's token is under Supplies, a voice link's under Voice. */
const SHOWN = new Set<TokenInfo['scope']>(['owner', 'app', 'display']);

/**
 * Phones and access: every phone, mirror and owner token of the household (label, what it may do
 * in plain words, since when, this phone marked), revoke after a second tap, and a join code to
 * connect another phone. The server decides who may revoke what (a phone cannot revoke an owner
 * token); this screen only says its answer in words.
 */
export function PhonesScreen() {
  const { api, i18n, household } = useSession();
  const tokens = useResource((a) => a.get<{ tokens: TokenInfo[] }>('/api/v1/tokens'), []);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [joinCode, setJoinCode] = useState<JoinCode | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');

  const revoke = async (token: TokenInfo) => {
    if (busy) return;
    setBusy(true);
    setRowError(null);
    try {
      await api.delete(`/api/v1/tokens/${token.id}`);
      setConfirming(null);
      setAnnounce(i18n.t('app.phones.revoked', { name: token.label ?? i18n.t('app.phones.unnamed') }));
      await tokens.reload();
    } catch (err) {
      setConfirming(null);
      setRowError({ id: token.id, message: showError(err, i18n).message });
    } finally {
      setBusy(false);
    }
  };

  const connectAnother = async () => {
    if (busy) return;
    setBusy(true);
    setJoinError(null);
    try {
      setJoinCode(await api.post<JoinCode>('/api/v1/join-codes'));
    } catch (err) {
      setJoinError(showError(err, i18n).message);
    } finally {
      setBusy(false);
    }
  };

  const when = (iso: string) => i18n.date(iso, household.timezone, { day: 'numeric', month: 'short', year: 'numeric' });
  const whenTime = (iso: string) => i18n.date(iso, household.timezone, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
  // This phone first: the one a person looks for.
  const shown = (tokens.data?.tokens.filter((t) => SHOWN.has(t.scope)) ?? []).sort((a, b) => Number(b.current) - Number(a.current));

  return (
    <>
      <ScreenTitle>{i18n.t('app.nav.phones')}</ScreenTitle>
      <Announcer message={announce} />
      <section class="panel" aria-labelledby="connect-title">
        <h2 id="connect-title">{i18n.t('app.phones.connectTitle')}</h2>
        {joinCode ? (
          <JoinCodePanel code={joinCode} onDone={() => setJoinCode(null)} />
        ) : (
          <>
            <p>{i18n.t('app.phones.connectExplain')}</p>
            <button type="button" class="button fit" onClick={() => void connectAnother()} disabled={busy}>
              {i18n.t('app.phones.connectAnother')}
            </button>
          </>
        )}
        {joinError ? (
          <p class="form-error" role="alert">
            {joinError}
          </p>
        ) : null}
      </section>
      <section class="panel" aria-labelledby="access-title">
        <h2 id="access-title">{i18n.t('app.phones.listTitle')}</h2>
        {tokens.loading && !tokens.data ? <Loading /> : null}
        {tokens.error ? <ErrorNote error={tokens.error} onRetry={() => void tokens.reload()} /> : null}
        <ul class="order-list token-list">
          {shown.map((t) => {
            const name = t.label ?? i18n.t('app.phones.unnamed');
            return (
              <li key={t.id} class="order" aria-labelledby={`token-${t.id}`}>
                <h3 id={`token-${t.id}`}>
                  {name}
                  {t.current ? <span class="badge">{i18n.t('app.phones.thisPhone')}</span> : null}
                </h3>
                <p>{i18n.t(`app.phones.scopes.${t.scope}`)}</p>
                <p class="muted">
                  {i18n.t('app.phones.since', { date: when(t.createdAt) })}
                  {' · '}
                  {t.lastUsedAt ? i18n.t('app.phones.lastUsed', { date: whenTime(t.lastUsedAt) }) : i18n.t('app.phones.neverUsed')}
                  {t.rotatedAt ? ` · ${i18n.t('app.phones.rotated', { date: when(t.rotatedAt) })}` : ''}
                </p>
                {rowError?.id === t.id ? (
                  <p class="field-error" role="alert" id={`token-${t.id}-error`}>
                    {rowError.message}
                  </p>
                ) : null}
                <ConfirmRemove
                  confirming={confirming === t.id}
                  busy={busy}
                  describedBy={`token-${t.id}`}
                  label={i18n.t('app.phones.revoke')}
                  confirmLabel={i18n.t(t.current ? 'app.phones.revokeThisConfirm' : 'app.phones.revokeConfirm', { name })}
                  cancelLabel={i18n.t('app.common.cancel')}
                  onAsk={() => setConfirming(t.id)}
                  onConfirm={() => void revoke(t)}
                  onCancel={() => setConfirming(null)}
                />
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
