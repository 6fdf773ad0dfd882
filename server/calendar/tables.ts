/** Tables owned by the calendar capability (add them here; the store's schema picks them up). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CalendarTables {}
