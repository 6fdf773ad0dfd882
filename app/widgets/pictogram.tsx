import { colourOf, shapeFor } from '@mirror/ui/regions/outfits/garment-icons';
import { hexOf, paletteNameOf } from '@app/core/colors';

/** A garment drawn as its kind's silhouette (the mirror's shapes), filled with its first colour. */
export function fillOf(colors: string[]): string {
  for (const c of colors) {
    const name = paletteNameOf(c);
    if (name) return hexOf(name);
  }
  return colors.length ? colourOf(colors) : '#b8c4c2';
}

export function Pictogram({ kind, category, colors = [], size = 48 }: { kind: string; category: string; colors?: string[]; size?: number }) {
  return (
    <svg class="pictogram" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path d={shapeFor(kind, category)} fill={fillOf(colors)} stroke="#33403e" stroke-width="1.6" stroke-linejoin="round" />
    </svg>
  );
}
