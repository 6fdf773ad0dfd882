/** One event of a `text/event-stream`, as EventSource would dispatch it. */
export interface SseEvent {
  /** `message` unless the server named it (`event:`). */
  type: string;
  data: string;
  /** The stream's last event id when this one was dispatched (it carries over from earlier events). */
  lastEventId: string;
}

/**
 * The event-stream format as the HTML standard parses it, fed text as it arrives in chunks: lines
 * end with CRLF, LF or CR (a CR at the end of a chunk may be half of a CRLF), comments start with
 * a colon, `data` lines join with newlines, a blank line dispatches, an event with no data is
 * dropped, and an `id` holding a NUL is ignored. `retry` is left out: the page's backoff decides.
 */
export class SseParser {
  private buffer = '';
  /** The previous chunk ended with a CR: an LF opening this one belongs to it. */
  private pendingCr = false;
  private data: string[] = [];
  private type = '';
  private lastEventId = '';

  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const cr = this.buffer.indexOf('\r', start);
      const lf = this.buffer.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      const event = this.line(this.buffer.slice(start, end));
      if (event) events.push(event);
      if (this.buffer[end] !== '\r') start = end + 1;
      else if (end + 1 < this.buffer.length) start = this.buffer[end + 1] === '\n' ? end + 2 : end + 1;
      else {
        this.pendingCr = true;
        start = end + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    return null;
  }

  private dispatch(): SseEvent | null {
    const data = this.data;
    const type = this.type || 'message';
    this.data = [];
    this.type = '';
    if (data.length === 0) return null;
    return { type, data: data.join('\n'), lastEventId: this.lastEventId };
  }
}
