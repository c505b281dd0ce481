// Property tests: other separators and whitespace read the same; chunking never matters; cut or corrupted input gives
// a named error or a partial result, never an uncaught exception or a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { read837, stream837, type X12ReadEvent } from '../../../shared/extract/x12/index.ts';
import { UnreadableDocument } from '../../../shared/extract/extraction-result.ts';
import { Bill } from '../../../shared/model/bill.ts';
import { EXPECTED_837, fixture, fixtureText } from './fixtures.ts';

const PATHS = EXPECTED_837.map((e) => e.path);
const SEPARATOR_POOL = ['|', '!', '{', '}', '`', '\\', '~', '*', ':', '^', '+', '<', '=', '$', '?', '\x1c', '\x1d', '\x1e', '\x1f', '\x07'];
const WHITESPACE = ['', '\n', '\r\n', ' \r\n', '\n\n', '\t'];

/** A fixture rewritten with new separators (element, component, repetition, terminator) and whitespace after each segment. */
function reserialize(path: string, pick: { element: string; component: string; repetition: string; segment: string }, spacing: string[]): string {
  const segments = fixtureText(path)
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => s.split('*'));
  return segments
    .map((elements, i) => {
      let text: string;
      if (elements[0] === 'ISA') {
        const isa = elements.slice();
        isa[11] = pick.repetition;
        isa[16] = pick.component;
        text = isa.join(pick.element);
      } else {
        text = elements.map((e) => e.split(':').join(pick.component)).join(pick.element);
      }
      return text + pick.segment + spacing[i % spacing.length]!;
    })
    .join('');
}

function usedCharacters(path: string): Set<string> {
  const data = fixtureText(path)
    .split('~')
    .filter((s) => !s.trim().startsWith('ISA'))
    .join('')
    .replace(/[*:~]/g, '');
  return new Set(data);
}

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes.length > 0 ? Math.max(1, sizes[i++ % sizes.length]!) : bytes.length;
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

async function collect(events: AsyncGenerator<X12ReadEvent>): Promise<X12ReadEvent[]> {
  const out: X12ReadEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** read837, where the only acceptable exception is UnreadableDocument; every bill must satisfy the Bill schema. */
function readSafely(input: Uint8Array | string): ReturnType<typeof read837> | UnreadableDocument {
  try {
    const result = read837(input);
    for (const bill of result.bills) Bill.parse(bill);
    return result;
  } catch (error) {
    if (error instanceof UnreadableDocument) return error;
    throw error;
  }
}

describe('re-serializing with other separators and whitespace', () => {
  it('gives the same claims', () => {
    const separatorSets = fc
      .shuffledSubarray(SEPARATOR_POOL, { minLength: 4, maxLength: 4 })
      .map(([element, component, repetition, segment]) => ({ element: element!, component: component!, repetition: repetition!, segment: segment! }));
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        separatorSets,
        fc.array(fc.constantFrom(...WHITESPACE), { minLength: 1, maxLength: 7 }),
        fc.boolean(),
        (path, pick, spacing, bom) => {
          const used = usedCharacters(path);
          fc.pre([pick.element, pick.component, pick.repetition, pick.segment].every((c) => !used.has(c)));
          const original = read837(fixture(path));
          const text = (bom ? '\uFEFF' : '') + reserialize(path, pick, spacing);
          const again = read837(new TextEncoder().encode(text));
          expect(again.bills).toEqual(original.bills);
          expect(again.transactions.map((t) => [t.status, t.segmentCount])).toEqual(original.transactions.map((t) => [t.status, t.segmentCount]));
          expect(again.interchanges[0]!.separators).toEqual(pick);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('streaming', () => {
  it('yields the same bills as read837 however the bytes are chunked (also inside multi-byte characters)', async () => {
    const paths = [...PATHS, '837_004010X096A1/homeowners.837'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 20 }), async (path, sizes) => {
        const bytes = fixture(path);
        const events = await collect(stream837(chunked(bytes, sizes)));
        const whole = read837(bytes);
        // read837 adds review reasons for rejected sets after the fact; these samples have none.
        expect(events.filter((e) => e.type === 'bill').map((e) => (e as { bill: Bill }).bill)).toEqual(whole.bills);
        expect(events.filter((e) => e.type === 'transaction')).toHaveLength(whole.transactions.length);
      }),
      { numRuns: 200 },
    );
  });

  it('hands out the first claim before reading the rest of the input', async () => {
    const text = fixtureText('837_005010X223A3/two-claims-single-provider.837i');
    const bytes = new TextEncoder().encode(text.repeat(50));
    let pulled = 0;
    async function* counting(): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunked(bytes, [256])) {
        pulled++;
        yield chunk;
      }
    }
    const total = Math.ceil(bytes.length / 256);
    for await (const event of stream837(counting())) {
      if (event.type === 'bill') break;
    }
    expect(pulled).toBeLessThan(total / 10);
  });

  it('refuses an 835 stream with UnreadableDocument', async () => {
    await expect(collect(stream837(chunked(fixture('835_005010X221A1/managed-care.835'), [100])))).rejects.toThrow(UnreadableDocument);
    await expect(collect(stream837(chunked(new TextEncoder().encode('not x12 at all'), [3])))).rejects.toThrow(/does not start with an ISA/);
  });
});

describe('damaged input', () => {
  it('any truncation gives UnreadableDocument or a partial result that says it was cut', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.double({ min: 0, max: 1, noNaN: true }), (path, share) => {
        const bytes = fixture(path);
        const cut = Math.floor(bytes.length * share);
        const outcome = readSafely(bytes.subarray(0, cut));
        if (outcome instanceof UnreadableDocument) return;
        const complete = bytes.subarray(cut).toString('utf8').trim() === '';
        if (complete) {
          expect(outcome.bills).toEqual(read837(bytes).bills);
        } else {
          expect(outcome.problems.length).toBeGreaterThan(0);
          expect(outcome.bills.length).toBeLessThanOrEqual(read837(bytes).bills.length);
          // Nothing from a cut file passes unseen: every claim carries a review reason or the file a fatal problem.
          expect(outcome.problems.some((p) => p.fatal) || outcome.transactions.some((t) => t.status === 'rejected')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any byte flip gives UnreadableDocument or a result whose bills still satisfy the Bill schema', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 255 }),
        (path, share, value) => {
          const bytes = Uint8Array.from(fixture(path));
          bytes[Math.floor(bytes.length * share)] = value;
          readSafely(bytes);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('several random byte changes at once never throw anything but UnreadableDocument, streamed or whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }),
        async (path, flips, sizes) => {
          const bytes = Uint8Array.from(fixture(path));
          for (const [share, value] of flips) bytes[Math.floor(bytes.length * share)] = value;
          const whole = readSafely(bytes);
          try {
            const events = await collect(stream837(chunked(bytes, sizes)));
            expect(whole).not.toBeInstanceOf(UnreadableDocument);
            const bills = events.filter((e) => e.type === 'bill').length;
            expect(bills).toBe((whole as ReturnType<typeof read837>).bills.length);
          } catch (error) {
            if (!(error instanceof UnreadableDocument)) throw error;
            expect(whole).toBeInstanceOf(UnreadableDocument);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
