import { useResource, useSession } from '@app/core/session';
import { checklistDone, checklistWanted } from '@app/core/token';
import type { Calendar, Device, Garment, Supply } from '@app/core/types';

type Item = 'wardrobe' | 'calendars' | 'supplies' | 'devices';
const LINKS: Record<Item, string> = { wardrobe: '#/wardrobe', calendars: '#/calendars', supplies: '#/supplies', devices: '#/supplies' };

/**
 * The steps after first run, each a link to its screen and ticked once the API shows it done (a
 * garment, a calendar, a supply, a device). Shown on Today on the phone that ran first run until
 * every step is done or the person hides it.
 */
export function SetupChecklist({ onToday = false }: { onToday?: boolean }) {
  const { i18n } = useSession();
  const wanted = checklistWanted(window.localStorage);
  const state = useResource(
    async (api) => {
      if (!wanted) return null;
      const [items, calendars, supplies, devices] = await Promise.all([
        api.get<{ items: Garment[] }>('/api/v1/wardrobe/items'),
        api.get<{ calendars: Calendar[] }>('/api/v1/calendars'),
        api.get<{ supplies: Supply[] }>('/api/v1/supplies'),
        api.get<{ devices: Device[] }>('/api/v1/devices'),
      ]);
      return { wardrobe: items.items.length > 0, calendars: calendars.calendars.length > 0, supplies: supplies.supplies.length > 0, devices: devices.devices.length > 0 } satisfies Record<Item, boolean>;
    },
    [wanted],
    ['wardrobe.updated', 'agenda.updated', 'supply.changed', 'stock.updated'],
  );
  const done = state.data;
  if (!wanted || !done) return null;
  const items = Object.keys(LINKS) as Item[];
  if (onToday && items.every((i) => done[i])) {
    checklistDone(window.localStorage);
    return null;
  }
  return (
    <section class="panel checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">{i18n.t('app.setup.checklist')}</h2>
      <ul>
        {items.map((item) => (
          <li key={item}>
            <a href={LINKS[item]} class="more-link">
              <strong>{i18n.t(`app.setup.todo.${item}`)}</strong>
              <span class="muted">{done[item] ? i18n.t('app.setup.todoDone') : i18n.t('app.setup.todoLeft')}</span>
            </a>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="button button-secondary"
        onClick={() => {
          checklistDone(window.localStorage);
          void state.reload();
        }}
      >
        {i18n.t('app.setup.hideChecklist')}
      </button>
    </section>
  );
}
