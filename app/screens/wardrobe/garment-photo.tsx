import { useEffect, useState } from 'preact/hooks';
import { useSession } from '@app/core/session';
import type { Garment } from '@app/core/types';
import { Pictogram } from '@app/widgets/pictogram';

/**
 * A garment's photo, fetched with the bearer token (no token in an `<img>` URL) and shown from an
 * object URL released when the card goes; the drawn pictogram while it loads or when there is none.
 */
export function GarmentPhoto({ garment, alt }: { garment: Garment; alt: string }) {
  const { api } = useSession();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!garment.photoUrl) {
      setUrl(null);
      return undefined;
    }
    let objectUrl: string | null = null;
    let alive = true;
    api.blob(garment.photoUrl).then(
      (blob) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      },
      () => undefined,
    );
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, garment.photoUrl, garment.updatedAt]);
  return (
    <div class="garment-visual">
      {url ? <img src={url} alt={alt} loading="lazy" /> : <Pictogram kind={garment.kind} category={garment.category} colors={garment.colors} size={72} />}
    </div>
  );
}
