import { create } from 'qrcode';

/**
 * A QR code drawn as SVG from its module matrix (the `qrcode` package computes the code; nothing
 * is fetched, no markup is injected). `label` names it for screen readers; the value itself is
 * shown beside it as text.
 */
export function QrCode({ value, label, size = 168 }: { value: string; label: string; size?: number }) {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const quiet = 4;
  const cells: string[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(x, y)) cells.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
  const span = n + quiet * 2;
  return (
    <svg class="qr-code" width={size} height={size} viewBox={`0 0 ${span} ${span}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={span} height={span} fill="#ffffff" />
      <path d={cells.join('')} fill="#000000" />
    </svg>
  );
}
