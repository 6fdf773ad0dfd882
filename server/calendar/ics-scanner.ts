import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** One logical (unfolded) content line and where it started in the feed, for warnings. */
export interface ContentLine {
  /** The property name, upper-cased (`DTSTART`, `X-WR-TIMEZONE`…). */
  name: string;
  text: string;
  line: number;
}

export interface ScanVisitor {
  /** A property of the VCALENDAR itself (outside every component). */
  calendarProperty(line: ContentLine): void;
  /** A complete VEVENT's own lines (nested VALARMs left out). */
  vevent(lines: ContentLine[], startLine: number): void;
  /** A complete VTIMEZONE, as iCalendar text to hand to the library. */
  vtimezone(text: string, startLine: number): void;
  warning(message: string): void;
}

export interface ScanOptions {
  /** Longest stretch of synchronous work before giving the event loop a turn. */
  sliceMs?: number;
  /** VEVENT properties to hand over; the others (attendees, alarms' siblings…) are dropped early. */
  eventProperties?: ReadonlySet<string>;
}

const CHECK_EVERY_LINES = 512;
const BLANK = /^\s*$/;

function propertyName(text: string): string {
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */ || c === 59 /* ; */) {
      end = i;
      break;
    }
  }
  return text.slice(0, end).trim().toUpperCase();
}

/**
 * Walks an iCalendar text once, unfolding lines and cutting it into VEVENT and VTIMEZONE blocks,
 * without building a tree of the whole feed. It does not need a VCALENDAR around the events (bare
 * VEVENTs happen in pasted text) and survives a feed cut short (the open block is dropped with a
 * warning). It pauses for the event loop every `sliceMs`, so a 20 MB feed never stalls the server.
 */
export async function scanIcs(text: string, visitor: ScanVisitor, options: ScanOptions = {}): Promise<void> {
  const sliceMs = options.sliceMs ?? 10;
  const wanted = options.eventProperties;
  let sliceStart = performance.now();
  let physicalLine = 0;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  // Block state: which component we are in, its lines, and the depth of nested components.
  let block: 'VEVENT' | 'VTIMEZONE' | 'OTHER' | null = null;
  let otherName = '';
  let blockStart = 0;
  let eventLines: ContentLine[] = [];
  let tzLines: string[] = [];
  let nested = 0;

  const handle = (logical: ContentLine): void => {
    const { name, text: lineText } = logical;
    const value = name === 'BEGIN' || name === 'END' ? lineText.slice(lineText.indexOf(':') + 1).trim().toUpperCase() : '';
    if (block === null) {
      if (name === 'BEGIN') {
        if (value === 'VCALENDAR') return;
        blockStart = logical.line;
        nested = 0;
        if (value === 'VEVENT') {
          block = 'VEVENT';
          eventLines = [];
        } else if (value === 'VTIMEZONE') {
          block = 'VTIMEZONE';
          tzLines = [lineText];
        } else {
          block = 'OTHER';
          otherName = value;
        }
        return;
      }
      if (name === 'END') return;
      visitor.calendarProperty(logical);
      return;
    }
    if (block === 'VTIMEZONE') {
      tzLines.push(lineText);
      if (name === 'END' && value === 'VTIMEZONE') {
        visitor.vtimezone(tzLines.join('\r\n'), blockStart);
        block = null;
      }
      return;
    }
    if (block === 'OTHER') {
      if (name === 'END' && value === otherName) block = null;
      return;
    }
    // Inside a VEVENT.
    if (name === 'BEGIN') {
      if (value === 'VEVENT' && nested === 0) {
        visitor.warning(`line ${blockStart}: VEVENT without END:VEVENT; event skipped`);
        blockStart = logical.line;
        eventLines = [];
        return;
      }
      nested++;
      return;
    }
    if (name === 'END') {
      if (nested > 0) {
        nested--;
        return;
      }
      if (value === 'VEVENT') {
        visitor.vevent(eventLines, blockStart);
        block = null;
        eventLines = [];
      } else if (value === 'VCALENDAR') {
        visitor.warning(`line ${blockStart}: VEVENT without END:VEVENT; event skipped`);
        block = null;
      }
      return;
    }
    if (nested === 0 && (!wanted || wanted.has(name))) eventLines.push(logical);
  };

  let current: ContentLine | null = null;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    const physical = text.slice(pos, end);
    pos = nl + 1;
    physicalLine++;
    const first = physical.charCodeAt(0);
    if ((first === 32 || first === 9) && current) {
      current.text += physical.slice(1);
    } else {
      if (current) {
        current.name = propertyName(current.text);
        handle(current);
      }
      current = physical.length > 0 && !BLANK.test(physical) ? { name: '', text: physical, line: physicalLine } : null;
    }
    if (physicalLine % CHECK_EVERY_LINES === 0 && performance.now() - sliceStart > sliceMs) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
  if (current) {
    current.name = propertyName(current.text);
    handle(current);
  }
  if (block === 'VEVENT') visitor.warning(`line ${blockStart}: the feed ends inside a VEVENT (truncated); event skipped`);
  else if (block === 'VTIMEZONE') visitor.warning(`line ${blockStart}: the feed ends inside a VTIMEZONE (truncated); zone ignored`);
}
