/**
 * MQTT topic filters as the broker understands them (MQTT 3.1.1 §4.7): `+` is one whole level,
 * `#` the rest and only last. A binding may use them; it may not reach into Miroir's own topics
 * (other households' telemetry, which may carry device tokens) or the broker's `$SYS`.
 */

export type FilterProblem = 'empty' | 'tooLong' | 'badWildcard' | 'wildcardFirstLevel' | 'reserved';

export const MAX_TOPIC_LENGTH = 200;

export function filterProblem(filter: string, miroirRoot: string): FilterProblem | null {
  if (filter.length === 0) return 'empty';
  if (filter.length > MAX_TOPIC_LENGTH) return 'tooLong';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return 'badWildcard';
    if (level.includes('+') && level !== '+') return 'badWildcard';
  }
  // A filter that starts with a wildcard would match every device of the house (and Miroir's own topics).
  if (levels[0] === '+' || levels[0] === '#') return 'wildcardFirstLevel';
  if (levels[0].startsWith('$') || levels[0] === miroirRoot) return 'reserved';
  return null;
}

/** Whether a concrete topic matches a filter. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
