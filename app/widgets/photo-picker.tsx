import { useId, useRef, useState } from 'preact/hooks';
import { useSession } from '@app/core/session';
import { preparePhoto, type PreparedPhoto } from './photo';

/**
 * "Take or choose a photo": the camera on a phone (`capture`, works without HTTPS), the file
 * picker elsewhere. The chosen photo is prepared on the device (shrunk, colours read) and handed
 * over; the original never leaves the phone.
 */
export function PhotoPicker({ label, previewUrl, previewAlt, onPhoto, error }: { label: string; previewUrl: string | null; previewAlt: string; onPhoto(photo: PreparedPhoto): void; error?: string | null }) {
  const { i18n } = useSession();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  const onChange = async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    setUnreadable(false);
    try {
      onPhoto(await preparePhoto(file));
    } catch {
      setUnreadable(true);
    } finally {
      setReading(false);
      if (input.current) input.current.value = '';
    }
  };
  const message = unreadable ? i18n.t('app.wardrobe.form.photoUnreadable') : error;
  return (
    <div class={`field photo-picker${message ? ' has-error' : ''}`}>
      <span class="field-label" id={`${id}-label`}>
        {i18n.t('app.wardrobe.form.photo')}
      </span>
      <div class="photo-row">
        {previewUrl ? <img class="photo-preview" src={previewUrl} alt={previewAlt} /> : <div class="photo-preview photo-empty" aria-hidden="true" />}
        <div>
          <label class="button button-secondary file-button" for={id}>
            {label}
          </label>
          <input
            ref={input}
            id={id}
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            aria-describedby={`${id}-hint${message ? ` ${id}-error` : ''}`}
            onChange={(e) => void onChange(e.currentTarget.files?.[0])}
          />
          <p class="field-hint" id={`${id}-hint`}>
            {reading ? i18n.t('app.wardrobe.form.photoReading') : i18n.t('app.wardrobe.form.photoHint')}
          </p>
        </div>
      </div>
      {message ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
