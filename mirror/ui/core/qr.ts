import { create } from 'qrcode';

/** Modules of quiet zone around the code, as the QR standard asks. */
const QUIET = 4;

/**
 * A QR code as one SVG path over a `span`×`span` viewBox (the `qrcode` package computes the
 * module matrix; nothing is fetched). Shared by the mirror's "Connect a phone" and the app's
 * join code and device panels, which each draw it their own way (DOM nodes, Preact).
 */
export function qrPath(value: string): { span: number; d: string } {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cells: string[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(x, y)) cells.push(`M${x + QUIET} ${y + QUIET}h1v1h-1z`);
  return { span: n + QUIET * 2, d: cells.join('') };
}
