import { useState } from 'preact/hooks';
import { showError } from '@app/core/errors';
import { useResource, useSession } from '@app/core/session';
import type { Device, Supply } from '@app/core/types';
import { CheckGroup, FormFooter, TextField } from '@app/widgets/fields';
import { QrCode } from '@app/widgets/qr-code';

interface Created {
  id: string;
  token: string;
  name: string;
}

/** A value to copy (token, URL, topic): shown in full, selectable, with a copy button. */
function Copyable({ label, value }: { label: string; value: string }) {
  const { i18n } = useSession();
  const [copied, setCopied] = useState(false);
  return (
    <div class="copyable">
      <span class="field-label">{label}</span>
      <code>{value}</code>
      <QrCode value={value} label={i18n.t('app.devices.qrOf', { what: label })} />
      <button
        type="button"
        class="button button-small button-secondary"
        aria-label={i18n.t('app.devices.copyNamed', { what: label })}
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? i18n.t('app.devices.copied') : i18n.t('app.devices.copy')}
      </button>
    </div>
  );
}

/**
 * The devices that measure supplies: their last reading, revoke; adding one shows its token once
 * with the HTTP address and the MQTT topic it reports to.
 */
export function Devices({ supplies }: { supplies: Supply[] }) {
  const { api, i18n, household } = useSession();
  const devices = useResource((a) => a.get<{ devices: Device[] }>('/api/v1/devices'), [], ['stock.updated']);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [linked, setLinked] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ name?: string; kind?: string; form?: string }>({});
  const [created, setCreated] = useState<Created | null>(null);
  const [busy, setBusy] = useState(false);
  // Revoking cuts the device off: the first tap asks, the second does it.
  const [confirming, setConfirming] = useState<string | null>(null);
  const supplyName = new Map(supplies.map((s) => [s.id, s.name]));

  const add = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found: typeof errors = {};
    if (!name.trim()) found.name = i18n.t('app.common.required');
    if (!kind.trim()) found.kind = i18n.t('app.common.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const device = await api.post<{ id: string; token: string }>('/api/v1/devices', { name: name.trim(), kind: kind.trim(), supplyIds: linked });
      setCreated({ ...device, name: name.trim() });
      setAdding(false);
      setName('');
      setKind('');
      setLinked([]);
      void devices.reload();
    } catch (err) {
      setErrors({ form: showError(err, i18n).message });
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (device: Device) => {
    if (confirming !== device.id) {
      setConfirming(device.id);
      return;
    }
    setConfirming(null);
    try {
      await api.delete(`/api/v1/devices/${device.id}`);
      if (created?.id === device.id) setCreated(null);
    } finally {
      void devices.reload();
    }
  };

  return (
    <section class="panel" aria-labelledby="devices-title">
      <div class="screen-head">
        <h2 id="devices-title">{i18n.t('app.devices.title')}</h2>
        {adding ? null : (
          <button type="button" class="button button-secondary" onClick={() => setAdding(true)}>
            {i18n.t('app.devices.add')}
          </button>
        )}
      </div>
      {created ? (
        <div class="device-created" role="status">
          <p>
            <strong>{i18n.t('app.devices.createdTitle', { name: created.name })}</strong>
          </p>
          <p>{i18n.t('app.devices.onceOnly')}</p>
          <Copyable label={i18n.t('app.devices.token')} value={created.token} />
          <Copyable label={i18n.t('app.devices.httpUrl')} value={`${window.location.origin}/api/v1/devices/${created.id}/telemetry`} />
          <Copyable label={i18n.t('app.devices.mqttTopic')} value={`miroir/${household.id}/devices/${created.id}/telemetry`} />
          <button type="button" class="button button-small" onClick={() => setCreated(null)}>
            {i18n.t('app.devices.done')}
          </button>
        </div>
      ) : null}
      {adding ? (
        <form class="supply-fields" onSubmit={(e) => void add(e)} noValidate aria-label={i18n.t('app.devices.add')}>
          <TextField label={i18n.t('app.devices.name')} value={name} onValue={setName} error={errors.name} maxLength={80} placeholder={i18n.t('app.devices.namePlaceholder')} />
          <TextField label={i18n.t('app.devices.kind')} hint={i18n.t('app.devices.kindHint')} value={kind} onValue={setKind} error={errors.kind} maxLength={40} />
          {supplies.length ? <CheckGroup legend={i18n.t('app.devices.measures')} values={linked} options={supplies.map((s) => ({ value: s.id, label: s.name }))} onValues={setLinked} /> : null}
          <FormFooter error={errors.form} busy={busy} submitLabel={i18n.t('app.devices.save')} cancelLabel={i18n.t('app.common.cancel')} onCancel={() => setAdding(false)} />
        </form>
      ) : null}
      {devices.data?.devices.length ? (
        <ul class="order-list">
          {devices.data.devices.map((d) => (
            <li key={d.id} class="order" aria-labelledby={`device-${d.id}`}>
              <h3 id={`device-${d.id}`}>{d.name}</h3>
              <p class="muted">
                {d.supplyIds.map((id) => supplyName.get(id) ?? '').filter(Boolean).join(', ') || i18n.t('app.devices.noSupply')}
                {' · '}
                {d.lastSeenAt ? i18n.t('app.devices.lastSeen', { when: i18n.date(d.lastSeenAt, household.timezone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) }) : i18n.t('app.devices.neverSeen')}
              </p>
              <button type="button" class="button button-small button-danger" aria-describedby={`device-${d.id}`} onClick={() => void revoke(d)}>
                {confirming === d.id ? i18n.t('app.devices.revokeConfirm') : i18n.t('app.devices.revoke')}
              </button>
            </li>
          ))}
        </ul>
      ) : devices.data ? (
        <p class="muted">{i18n.t('app.devices.empty')}</p>
      ) : null}
    </section>
  );
}
