import type { ComponentChildren } from 'preact';
import type { ShownError } from '@app/core/errors';
import { useSession } from '@app/core/session';

/** Loading, failure and empty states, worded the same on every screen. */
export function Loading() {
  const { i18n } = useSession();
  return (
    <p class="state" role="status">
      {i18n.t('app.common.loading')}
    </p>
  );
}

export function ErrorNote({ error, onRetry }: { error: ShownError; onRetry?: () => void }) {
  const { i18n } = useSession();
  return (
    <div class="state state-error" role="alert">
      <p>{error.message}</p>
      {onRetry ? (
        <button type="button" class="button" onClick={onRetry}>
          {i18n.t('app.common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>;
}

/** A polite live region for what just happened ("Sent to the wash"). */
export function Announcer({ message }: { message: string }) {
  return (
    <p class="announcer" role="status" aria-live="polite">
      {message}
    </p>
  );
}
