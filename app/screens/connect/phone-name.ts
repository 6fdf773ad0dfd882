import type { I18n } from '@app/core/i18n';

/**
 * A name to propose for this phone, from what its browser says it is ("iPhone", "Android phone"):
 * the person edits it. Only a proposal, so a rough guess is fine.
 */
export function proposedPhoneName(userAgent: string, i18n: I18n): string {
  if (/iPhone/.test(userAgent)) return 'iPhone';
  if (/iPad/.test(userAgent)) return 'iPad';
  if (/Android/.test(userAgent)) return i18n.t(/Mobile/.test(userAgent) ? 'app.connect.androidPhone' : 'app.connect.androidTablet');
  if (/Macintosh/.test(userAgent)) return 'Mac';
  if (/Windows/.test(userAgent)) return i18n.t('app.connect.windowsPc');
  return i18n.t('app.connect.thisPhone');
}
