// Small helpers for tests that edit X12 sample files segment by segment (all samples use * : ~ with ^ repetition).
import { fixtureText } from './fixtures.ts';

export type Segments = string[][];

export function segmentsOf(text: string): Segments {
  return text
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.split('*'));
}

export function fixtureSegments(path: string): Segments {
  return segmentsOf(fixtureText(path));
}

export function toText(segments: Segments, terminator = '~\n'): string {
  return segments.map((s) => s.join('*')).join(terminator) + terminator;
}

/** Index (0-based, in the whole file) of the n-th (0-based) segment with this id and optional first element. */
export function indexOf(segments: Segments, id: string, first?: string, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s[0] === id && (first === undefined || s[1] === first)) {
      if (seen === nth) return i;
      seen++;
    }
  }
  throw new Error(`no ${id}${first ? `*${first}` : ''} #${nth}`);
}

/** 1-based position of a file segment within its transaction set (ST = 1). */
export function positionInSet(segments: Segments, fileIndex: number): number {
  let st = fileIndex;
  while (st >= 0 && segments[st]![0] !== 'ST') st--;
  return fileIndex - st + 1;
}

/** Recomputes SE01 of every transaction set after segments were added or removed. */
export function fixCounts(segments: Segments): Segments {
  let start = -1;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s[0] === 'ST') start = i;
    if (s[0] === 'SE' && start >= 0) s[1] = String(i - start + 1);
  }
  return segments;
}

/** The body (ST..SE) of the first transaction set. */
export function transactionBody(segments: Segments): Segments {
  return segments.slice(indexOf(segments, 'ST'), indexOf(segments, 'SE') + 1);
}

/** One interchange with one group holding the given transaction bodies (control numbers renumbered). */
export function interchange(bodies: Segments[], isaControl = '000000101', groupControl = '7'): Segments {
  const isa = segmentsOf(fixtureText('837_005010X222A2/demo.example1.837'))[0]!.slice();
  isa[13] = isaControl;
  const out: Segments = [isa, ['GS', 'HC', 'SENDER', 'RECEIVER', '20240102', '1200', groupControl, 'X', '005010X222A1']];
  bodies.forEach((body, i) => {
    const copy = body.map((s) => s.slice());
    const control = String(1001 + i).padStart(4, '0');
    copy[0]![2] = control;
    copy[copy.length - 1]![2] = control;
    out.push(...copy);
  });
  out.push(['GE', String(bodies.length), groupControl], ['IEA', '1', isaControl]);
  return out;
}
