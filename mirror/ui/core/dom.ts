/** Tiny typed DOM helpers: the UI builds elements in code, never from HTML strings with data in them. */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  data?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [name, value] of Object.entries(props.data ?? {})) el.dataset[name] = value;
  append(el, children);
  return el;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

let parser: DOMParser | null = null;

/** Parses one of our own bundled SVG drawings (static markup, no data inside). */
export function svgFrom(markup: string): SVGSVGElement {
  parser ??= new DOMParser();
  const doc = parser.parseFromString(markup, 'image/svg+xml');
  const node = document.importNode(doc.documentElement, true);
  if (!(node instanceof SVGSVGElement)) throw new Error('not an SVG drawing');
  return node;
}
