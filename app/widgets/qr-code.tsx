import { qrPath } from '@mirror/ui/core/qr';

/**
 * A QR code drawn as SVG from the one shared path builder (`mirror/ui/core/qr.ts`: nothing
 * is fetched, no markup is injected). `label` names it for screen readers; the value itself is
 * shown beside it as text.
 */
export function QrCode({ value, label, size = 168 }: { value: string; label: string; size?: number }) {
  const { span, d } = qrPath(value);
  return (
    <svg class="qr-code" width={size} height={size} viewBox={`0 0 ${span} ${span}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={span} height={span} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
