/** The one message the page may send the main process, named once for preload and main. */
export const NIGHT_SCHEDULE_CHANNEL = 'miroir:night-schedule';
