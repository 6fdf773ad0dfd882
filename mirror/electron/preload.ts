import { contextBridge, ipcRenderer } from 'electron';
import { NIGHT_SCHEDULE_CHANNEL } from './ipc';

/**
 * The kiosk's only bridge into the page (sandboxed preload, context isolation): the page may tell
 * the main process the household's night hours and the night override, so the display sleeps
 * when the mirror is in night mode. Nothing else is
 * exposed; the main process validates what arrives and where it came from.
 */
contextBridge.exposeInMainWorld('miroirKiosk', {
  reportNightSchedule(schedule: unknown): void {
    ipcRenderer.send(NIGHT_SCHEDULE_CHANNEL, schedule);
  },
});
