/**
 * Remove after a second tap, for a row of a list (a phone's access, a voice link): the danger
 * button first, then, once tapped, the confirming button beside "Cancel". `describedBy` names the
 * row's heading so a screen reader says what is removed.
 */
export function ConfirmRemove({
  confirming,
  busy,
  describedBy,
  label,
  confirmLabel,
  cancelLabel,
  onAsk,
  onConfirm,
  onCancel,
}: {
  confirming: boolean;
  busy: boolean;
  describedBy: string;
  label: string;
  confirmLabel: string;
  cancelLabel: string;
  onAsk(): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  return confirming ? (
    <div class="actions">
      <button type="button" class="button button-small button-danger" onClick={onConfirm} disabled={busy}>
        {confirmLabel}
      </button>
      <button type="button" class="button button-small button-secondary" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  ) : (
    <button type="button" class="button button-small button-danger fit" aria-describedby={describedBy} onClick={onAsk}>
      {label}
    </button>
  );
}
