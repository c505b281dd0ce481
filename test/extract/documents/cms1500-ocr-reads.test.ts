import { describe, expect, it } from 'vitest';
import { readCms1500 } from '#shared/extract/documents/cms1500/read.ts';
import type { CellRead, CellSource } from '#shared/extract/documents/cells.ts';
import { identityFrame } from '#shared/extract/documents/form-frame.ts';

/** A page as an OCR engine read it: cell key -> text, confidence (and how many reads agreed). */
function ocrPage(cells: Record<string, [string, number, number?]>): CellSource {
  return {
    page: 1,
    frame: identityFrame(612, 792),
    async read(requests) {
      const out = new Map<string, CellRead>();
      for (const r of requests) {
        const c = cells[r.key];
        if (c)
          out.set(r.key, { text: c[0], confidence: c[1], bbox: { left: 0, top: 0, width: 0, height: 0 }, engine: 'ocr', page: 1, ...(c[2] ? { agreed: c[2] } : {}) });
      }
      return out;
    },
  };
}

const line = (n: number, code: string, charge: string, chargeConfidence = 0.95): Record<string, [string, number]> => ({
  [`l${n}.fromMonth`]: ['03', 0.95],
  [`l${n}.fromDay`]: ['16', 0.95],
  [`l${n}.fromYear`]: ['26', 0.95],
  [`l${n}.code`]: [code, 0.95],
  [`l${n}.charge`]: [charge, chargeConfidence],
  [`l${n}.units`]: ['1', 0.95],
  [`l${n}.renderingNpi`]: ['1234567893', 0.95],
});
const header: Record<string, [string, number]> = {
  billingNpi: ['1234567893', 0.95],
  billingCity: ['MIAMI, FL 33111', 0.95],
  taxId: ['587654321', 0.95],
};

describe('CMS-1500 values read by OCR', () => {
  it('takes the charge the total and the other lines require when one charge was read unsurely and one digit off', async () => {
    const { bill, problems } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '483.82', 0.55), totalCharge: ['651.60', 0.95] }),
      0,
    );
    expect(bill.lines.map((l) => l.chargeCents)).toEqual([21778, 43382]);
    expect(bill.reviewReasons).toEqual([]);
    expect(problems.some((p) => /required|require/.test(p.message))).toBe(true);
  });

  it('reads letters where a code has digits as the digits they resemble, when that gives one known code, and flags it', async () => {
    const { bill } = await readCms1500(ocrPage({ ...header, ...line(1, 'GOS07', '40.00'), ...line(2, 'LOGA9', '10.00'), totalCharge: ['50.00', 0.95] }), 0);
    expect(bill.lines.map((l) => l.code)).toEqual(['G0507', 'L0649']);
    expect(bill.reviewReasons.join('\n')).toMatch(/24D line 1: procedure code read as GOS07 taken as G0507/);
    // Several reads agreeing on it do not make a read without a code's shape a printed code.
    const agreed = await readCms1500(ocrPage({ ...header, ...line(1, '', '40.00'), 'l1.code': ['GOS07', 0.9, 3], totalCharge: ['40.00', 0.95] }), 0);
    expect(agreed.bill.lines[0]!.code).toBe('G0507');
  });

  it('takes one character alone in a modifier box for a stray mark, not a modifier, and sends the bill to review', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.modifier1': ['25', 0.95], 'l1.modifier2': ['1', 0.9], totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(bill.lines[0]!.modifiers).toEqual(['25']);
    expect(bill.reviewReasons.join('\n')).toMatch(/24D line 1: a mark in a modifier box read as "1" was taken for no modifier/);
  });

  it('does not invent a charge far from what was read: the bill goes to review', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '999.99', 0.55), totalCharge: ['651.60', 0.95] }),
      0,
    );
    expect(bill.lines[1]!.chargeCents).toBe(99999);
    expect(bill.reviewReasons.join('\n')).toMatch(/24F line 2: charge was read with low confidence/);
    expect(bill.reviewReasons.join('\n')).toMatch(/box 28: line charges add up/);
  });

  it('corrects a lone misread code to its one known neighbour, but keeps a code several reads agree on (and flags it)', async () => {
    const corrected = await readCms1500(ocrPage({ ...header, ...line(1, '99Z13', '40.00'), totalCharge: ['40.00', 0.95] }), 0);
    expect(corrected.bill.lines[0]!.code).toBe('99213');
    const agreed = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.code': ['90782', 0.93, 3], totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(agreed.bill.lines[0]!.code).toBe('90782');
    expect(agreed.bill.reviewReasons.join('\n')).toMatch(/90782 is not a known code/);
  });

  it('sends a date or units read with low confidence to review', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.fromDay': ['18', 0.4], 'l1.units': ['7', 0.5], totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(bill.reviewReasons.join('\n')).toMatch(/date of service was read with low confidence/);
    expect(bill.reviewReasons.join('\n')).toMatch(/units were read with low confidence/);
  });

  it('marks the values a bill is priced by (line codes and charges, the totals) for the extra read a fax gets', async () => {
    const asked: string[] = [];
    const source = ocrPage({});
    await readCms1500({ ...source, read: (requests) => (asked.push(...requests.filter((r) => r.priced).map((r) => r.key)), source.read(requests)) }, 0);
    expect(new Set(asked)).toEqual(new Set(['totalCharge', 'amountPaid', ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`l${n}.code`, `l${n}.charge`])]));
  });
});
