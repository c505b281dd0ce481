// Splits an X12 byte stream into segments (arrays of elements), chunk by chunk, with the separators each ISA declares.

/** The delimiters of one interchange, read from its ISA segment. */
export interface Separators {
  /** ISA byte 4 (after "ISA"). */
  element: string;
  /** ISA16. */
  component: string;
  /** ISA11 in 5010 and later; null in 4010 where ISA11 is the standards identifier "U". */
  repetition: string | null;
  /** The character right after ISA16. */
  segment: string;
}

export type TokenizerIssueKind =
  /** The input does not start with an ISA segment. */
  | 'not-x12'
  /** An ISA segment whose separators cannot be read. */
  | 'bad-isa'
  /** Bytes after an IEA that are not another ISA. */
  | 'stray-data'
  /** The input ends inside a segment (no terminator). */
  | 'truncated'
  /** No segment terminator within MAX_SEGMENT_LENGTH characters: not X12 any more (memory must stay bounded). */
  | 'too-long';

export interface TokenizerIssue {
  kind: TokenizerIssueKind;
  message: string;
}

export interface SegmentSink {
  /**
   * One segment's text without its terminator (split it with separators.element: the reader splits only the segments
   * it needs). The ISA of each interchange comes first, with its separators.
   */
  segment(text: string, separators: Separators): void;
  issue(issue: TokenizerIssue): void;
}

/** The ISA is 106 characters when fixed-width; lenient senders pad less or more, so allow some slack. */
const MAX_ISA_LENGTH = 256;
const WAIT = -1;
/** Real segments are at most a few hundred characters; a megabyte without a terminator is not X12. */
const MAX_SEGMENT_LENGTH = 1 << 20;

function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 11 || code === 12 || code === 0xfeff;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * A push tokenizer: write() chunks (bytes or text) as they arrive, end() once. Memory stays at one chunk plus one
 * unfinished segment, whatever the input size. Whitespace (CR/LF, spaces, a byte-order mark) between segments is
 * skipped; several interchanges, each with its own separators, may follow one another.
 */
export class SegmentTokenizer {
  private pending = '';
  /** Whether `pending` holds latin1-decoded bytes with at least one byte >= 0x80 (segments then need UTF-8 decoding). */
  private pendingHasHigh = false;
  private separators: Separators | null = null;
  private sawInterchange = false;
  private stopped = false;
  private strayReported = false;

  constructor(private readonly sink: SegmentSink) {}

  /**
   * Bytes are read as latin1 (one character per byte: fast, one-byte strings, no state across chunk boundaries);
   * the few segments holding bytes >= 0x80 are decoded as UTF-8 when emitted. Text is taken as it is.
   */
  write(chunk: Uint8Array | string): void {
    if (this.stopped) return;
    let text: string;
    let high: boolean;
    if (typeof chunk === 'string') {
      text = chunk;
      high = false;
    } else {
      text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
      high = HIGH_BYTE.test(text);
    }
    if (text.length === 0) return;
    this.pending = this.pending.length === 0 ? text : this.pending + text;
    this.pendingHasHigh = this.pendingHasHigh || high;
    this.drain(false);
  }

  end(): void {
    if (this.stopped) return;
    this.drain(true);
    if (this.stopped) return;
    this.stopped = true;
    const rest = this.pending;
    this.pending = '';
    if (!this.sawInterchange) {
      this.sink.issue({
        kind: 'not-x12',
        message: isBlank(rest)
          ? 'the input is empty: no ISA interchange header'
          : 'not an X12 interchange: it does not start with an ISA segment',
      });
      return;
    }
    if (isBlank(rest)) return;
    if (this.separators) {
      this.sink.issue({ kind: 'truncated', message: 'the input ends inside a segment (no segment terminator)' });
    } else if (!this.strayReported) {
      this.sink.issue({ kind: 'stray-data', message: 'data after the last IEA that is not an ISA interchange' });
    }
  }

  private stop(issue: TokenizerIssue): void {
    this.sink.issue(issue);
    this.stopped = true;
    this.pending = '';
  }

  private drain(final: boolean): void {
    const buf = this.pending;
    const high = this.pendingHasHigh;
    let pos = 0;
    const length = buf.length;
    for (;;) {
      for (;;) {
        const c = pos < length ? buf.charCodeAt(pos) : -1;
        if (c >= 0 && isWhitespace(c)) pos++;
        // A UTF-8 byte-order mark read as latin1.
        else if (c === 0xef && buf.charCodeAt(pos + 1) === 0xbb && buf.charCodeAt(pos + 2) === 0xbf) pos += 3;
        else break;
      }
      if (pos >= length) break;
      const separators = this.separators;
      if (separators === null) {
        const next = this.readIsa(buf, pos, final);
        if (this.stopped) return;
        if (next === WAIT) break;
        if (next !== pos) {
          pos = next;
          continue;
        }
        // Not an ISA where one must be.
        if (!this.sawInterchange) {
          this.stop({ kind: 'not-x12', message: 'not an X12 interchange: it does not start with an ISA segment' });
          return;
        }
        if (!this.strayReported) {
          this.strayReported = true;
          this.sink.issue({ kind: 'stray-data', message: 'data after an IEA that is not an ISA interchange was skipped' });
        }
        const isa = buf.indexOf('ISA', pos + 1);
        if (isa >= 0) {
          pos = isa;
          continue;
        }
        // Keep the last two characters: "ISA" may straddle the chunk boundary.
        pos = final ? length : Math.max(pos + 1, length - 2);
        break;
      }
      // A new ISA where a segment was expected: the previous interchange lacks its IEA.
      if (
        buf.charCodeAt(pos) === 73 &&
        pos + 3 < length &&
        buf.startsWith('ISA', pos) &&
        !isAlphanumeric(buf.charCodeAt(pos + 3))
      ) {
        this.separators = null;
        continue;
      }
      const end = buf.indexOf(separators.segment, pos);
      if (end < 0) break;
      let stop = end;
      while (stop > pos && (buf.charCodeAt(stop - 1) === 13 || buf.charCodeAt(stop - 1) === 10)) stop--;
      const raw = buf.slice(pos, stop);
      const text = high && HIGH_BYTE.test(raw) ? utf8(raw) : raw;
      pos = end + 1;
      this.sink.segment(text, separators);
      if (text.charCodeAt(0) === 73 && text.startsWith('IEA') && (text.length === 3 || text[3] === separators.element)) {
        this.separators = null;
      }
      if (this.stopped) return;
    }
    this.pending = pos >= length ? '' : buf.slice(pos);
    this.pendingHasHigh = high && this.pending.length > 0 && HIGH_BYTE.test(this.pending);
    if (this.pending.length > MAX_SEGMENT_LENGTH && this.separators !== null) {
      this.stop({ kind: 'too-long', message: 'no segment terminator within 1 MB: the rest of the input is not readable X12' });
    }
  }

  /**
   * Reads the ISA at pos, sets the separators and emits it. Returns the position after it, pos itself when the text
   * there is not an ISA, or WAIT when more input is needed (or the ISA is unreadable and reading stopped).
   */
  private readIsa(buf: string, pos: number, final: boolean): number {
    const available = buf.length - pos;
    if (available < 4) {
      if (!final) return WAIT;
      return 'ISA'.startsWith(buf.slice(pos)) ? this.badIsa('the ISA segment is cut off') : pos;
    }
    if (!buf.startsWith('ISA', pos)) return pos;
    const element = buf[pos + 3]!;
    if (isAlphanumeric(element.charCodeAt(0)) || isWhitespace(element.charCodeAt(0))) return pos;
    // The separator right after "ISA" is the first of the 16.
    let cursor = pos + 3;
    let count = 1;
    const limit = Math.min(buf.length, pos + MAX_ISA_LENGTH);
    while (count < 16) {
      const next = buf.indexOf(element, cursor + 1);
      if (next < 0 || next >= limit) {
        if (buf.length - pos >= MAX_ISA_LENGTH || final) {
          return this.badIsa(
            final && buf.length - pos < MAX_ISA_LENGTH
              ? 'the ISA segment is cut off'
              : 'the ISA segment does not have 16 elements',
          );
        }
        return WAIT;
      }
      cursor = next;
      count++;
    }
    if (cursor + 2 >= buf.length) return final ? this.badIsa('the ISA segment is cut off') : WAIT;
    const component = buf[cursor + 1]!;
    const segment = buf[cursor + 2]!;
    const raw = buf.slice(pos, cursor + 2);
    const text = this.pendingHasHigh && HIGH_BYTE.test(raw) ? utf8(raw) : raw;
    const elements = text.split(element);
    const versionNumber = elements[12] ?? '';
    const repetitionCandidate = elements[11] ?? '';
    const usedChars = new Set([element, component, segment]);
    if (
      usedChars.size !== 3 ||
      isAlphanumeric(component.charCodeAt(0)) ||
      isAlphanumeric(segment.charCodeAt(0)) ||
      component === ' '
    ) {
      return this.badIsa('the ISA separators are not distinct punctuation characters');
    }
    const repetition =
      versionNumber >= '00501' &&
      repetitionCandidate.length === 1 &&
      !isAlphanumeric(repetitionCandidate.charCodeAt(0)) &&
      !usedChars.has(repetitionCandidate)
        ? repetitionCandidate
        : null;
    this.separators = { element, component, repetition, segment };
    this.sawInterchange = true;
    this.sink.segment(text, this.separators);
    return cursor + 3;
  }

  private badIsa(message: string): number {
    this.stop({ kind: 'bad-isa', message });
    return WAIT;
  }
}

const HIGH_BYTE = /[\u0080-\u00ff]/;

/** A segment read as latin1 that holds bytes >= 0x80, decoded as the UTF-8 it is (invalid bytes become U+FFFD). */
function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}
