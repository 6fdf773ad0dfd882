/** The title every screen starts with (focusable, so the shell moves focus to it on navigation). */
export function ScreenTitle({ children }: { children: string }) {
  return (
    <h1 id="screen-title" class="screen-title" tabIndex={-1}>
      {children}
    </h1>
  );
}
