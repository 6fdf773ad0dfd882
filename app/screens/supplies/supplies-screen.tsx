import { useState } from 'preact/hooks';
import { useResource, useSession } from '@app/core/session';
import type { Supply } from '@app/core/types';
import { ScreenTitle } from '@app/widgets/screen-title';
import { Announcer, Empty, ErrorNote, Loading } from '@app/widgets/status';
import { Devices } from './devices';
import { SupplyCard } from './supply-card';
import { SupplyForm } from './supply-form';

/** Supplies: each with its level, days left, chart and manual level; adding one from the catalogue. Live on stock events. */
export function SuppliesScreen() {
  const { i18n } = useSession();
  const supplies = useResource((api) => api.get<{ supplies: Supply[] }>('/api/v1/supplies'), [], ['stock.updated', 'stock.low', 'order.updated']);
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const changed = (message: string) => {
    setAnnouncement(message);
    void supplies.reload();
  };
  return (
    <>
      <div class="screen-head">
        <ScreenTitle>{i18n.t('app.supplies.title')}</ScreenTitle>
        {adding ? null : (
          <button type="button" class="button" onClick={() => setAdding(true)}>
            {i18n.t('app.supplies.add')}
          </button>
        )}
      </div>
      <Announcer message={announcement} />
      {adding ? (
        <SupplyForm
          onCancel={() => setAdding(false)}
          onDone={(_supply, message) => {
            setAdding(false);
            changed(message);
          }}
        />
      ) : (
        <>
          {supplies.error ? <ErrorNote error={supplies.error} onRetry={() => void supplies.reload()} /> : null}
          {!supplies.data && supplies.loading ? <Loading /> : null}
          {supplies.data && supplies.data.supplies.length === 0 ? (
            <Empty>
              <p>{i18n.t('app.supplies.empty')}</p>
            </Empty>
          ) : null}
          {supplies.data?.supplies.length ? (
            <ul class="supply-list">
              {supplies.data.supplies.map((s) => (
                <SupplyCard key={s.id} supply={s} onChanged={changed} />
              ))}
            </ul>
          ) : null}
          {supplies.data ? <Devices supplies={supplies.data.supplies} /> : null}
        </>
      )}
    </>
  );
}
