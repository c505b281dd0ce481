import { describe, expect, it } from 'vitest';
import { readCms1500 } from '#shared/extract/documents/cms1500/read.ts';
import { ocrPage, type Reads } from './support.ts';

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

  it("reads a slash in a code as the 7 (or 1) whose stroke it is, when that gives one known code", async () => {
    const { bill, problems } = await readCms1500(ocrPage({ ...header, ...line(1, 'D/850', '40.00'), 'l1.code': ['D/850', 0.4], totalCharge: ['40.00', 0.95] }), 0);
    expect(bill.lines[0]!.code).toBe('D7850');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/code read as D\/850 corrected to D7850/);
    expect(bill.reviewReasons.join('\n')).toMatch(/24D line 1: procedure code was read with low confidence/);
  });

  it('takes one character alone in a modifier box for a stray mark, not a modifier, and sends the bill to review', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.modifier1': ['25', 0.95], 'l1.modifier2': ['1', 0.9], totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(bill.lines[0]!.modifiers).toEqual(['25']);
    expect(bill.reviewReasons.join('\n')).toMatch(/24D line 1: a mark in a modifier box read as "1" was taken for no modifier/);
  });

  it('takes two characters no other read agreed on and read under a third sure for a streak across an empty modifier box', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.modifier1': ['25', 0.95], 'l1.modifier2': ['SE', 0.18], 'l1.modifier3': ['LT', 0.2, 2], totalCharge: ['40.00', 0.95] }),
      0,
    );
    // Two reads agreeing on LT make it what is printed, however unsure each was.
    expect(bill.lines[0]!.modifiers).toEqual(['25', 'LT']);
    expect(bill.reviewReasons.join('\n')).toMatch(/24D line 1: a mark in a modifier box read as "SE" was taken for no modifier/);
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

  it('takes the charge the total requires when every read agreed on one line a digit off (a fax closed a 6 into an 8), and flags it', async () => {
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '685.18'), ...line(3, '99211', '9.50'), totalCharge: ['892.46', 0.95] }),
      0,
    );
    expect(bill.lines.map((l) => l.chargeCents)).toEqual([21778, 66518, 950]);
    expect(bill.reviewReasons.join('\n')).toMatch(/24F line 2: charge read as \$685\.18, but the total \$892\.46 and the other lines require \$665\.18, one misread digit away: taken, check it/);
  });

  it('of several lines a digit off from what the total requires, takes only the one another read of which gave that value', async () => {
    const lines: Reads = { ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '685.18'), ...line(3, '99211', '40.00'), totalCharge: ['922.96', 0.95] };
    const guessed = await readCms1500(ocrPage(lines), 0);
    expect(guessed.bill.lines.map((l) => l.chargeCents)).toEqual([21778, 68518, 4000]);
    expect(guessed.bill.reviewReasons.join('\n')).toMatch(/box 28: line charges add up to \$942\.96 but the total charge reads \$922\.96/);
    const reread = await readCms1500(ocrPage({ ...lines, 'l2.charge': ['685.18', 0.95, 2, ['665.18']] }), 0);
    expect(reread.bill.lines.map((l) => l.chargeCents)).toEqual([21778, 66518, 4000]);
  });

  it('leaves a lone line and a total one digit apart as read: either could be the misread one', async () => {
    const { bill } = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '685.18'), totalCharge: ['665.18', 0.95] }), 0);
    expect(bill.lines[0]!.chargeCents).toBe(68518);
    expect(bill.reviewReasons.join('\n')).toMatch(/line charges add up to \$685\.18 but the total charge reads \$665\.18/);
  });

  it("takes an unreadable total as the line charges' sum, flagged; with a line charge unread too, leaves it missing", async () => {
    const { bill } = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '40.00'), totalCharge: ['2S7.7B', 0.4] }), 0);
    expect(bill.totalChargeCents).toBe(25778);
    expect(bill.reviewReasons.join('\n')).toMatch(/box 28: total charge read as "2S7.7B" is not an amount: taken as the line charges' sum \$257\.78, check it/);
    const unread = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '217.78'), ...line(2, '99214', '4O.OO'), totalCharge: ['2S7.7B', 0.4] }), 0);
    expect(unread.bill.totalChargeCents).toBeNull();
    expect(unread.bill.reviewReasons.join('\n')).toMatch(/box 28: total charge is not an amount/);
  });

  it("takes a date of service a streak spoiled for the line's end date when its other reads match that date, and flags it", async () => {
    const spoiled: Reads = { 'l1.fromMonth': ['JB', 0.3, 1, ['28']], 'l1.toMonth': ['08', 0.95], 'l1.toDay': ['25', 0.95], 'l1.toYear': ['26', 0.95] };
    const { bill } = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.fromDay': ['25', 0.95], ...spoiled, totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(bill.lines[0]!.serviceDate).toBe('2026-08-25');
    expect(bill.reviewReasons.join('\n')).toMatch(/24A line 1: date of service read as JB\/25\/26: taken as the end date 2026-08-25/);
    // A month no read of which is near the end date's is not guessed.
    const unread = await readCms1500(
      ocrPage({ ...header, ...line(1, '99213', '40.00'), 'l1.fromDay': ['25', 0.95], ...spoiled, 'l1.fromMonth': ['JB', 0.3], totalCharge: ['40.00', 0.95] }),
      0,
    );
    expect(unread.bill.lines[0]!.serviceDate).toBeNull();
    expect(unread.bill.reviewReasons.join('\n')).toMatch(/24A line 1: date of service is not a real date/);
  });

  it("takes a start date one unsure part away from a surely read end date as that date, and flags it; two sure dates stay apart", async () => {
    const dates = (fromMonth: [string, number, number?], toMonth: [string, number, number?]): Reads => ({
      'l1.fromMonth': fromMonth, 'l1.fromDay': ['27', 0.95, 2], 'l1.fromYear': ['25', 0.95, 2],
      'l1.toMonth': toMonth, 'l1.toDay': ['27', 0.95, 2], 'l1.toYear': ['25', 0.95, 2],
    });
    const streaked = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates(['01', 0.46], ['08', 0.95, 2]), totalCharge: ['40.00', 0.95] }), 0);
    expect(streaked.bill.lines[0]).toMatchObject({ serviceDate: '2025-08-27', serviceDateTo: '2025-08-27' });
    expect(streaked.bill.reviewReasons.join('\n')).toMatch(/24A line 1: date of service read as 2025-01-27 \(one part unsurely\): taken as the end date 2025-08-27/);
    const span = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates(['01', 0.95, 2], ['08', 0.95, 2]), totalCharge: ['40.00', 0.95] }), 0);
    expect(span.bill.lines[0]).toMatchObject({ serviceDate: '2025-01-27', serviceDateTo: '2025-08-27' });
  });

  it('takes a start month read surely as 1 for the end month 12 when another read of it gave 12 (a digit lost beside a streak), and flags it', async () => {
    const dates = (fromRivals: string[]): Reads => ({
      'l1.fromMonth': ['1', 0.95, 2, fromRivals], 'l1.fromDay': ['14', 0.95, 2], 'l1.fromYear': ['25', 0.95, 2],
      'l1.toMonth': ['12', 0.99, 3], 'l1.toDay': ['14', 0.95, 2], 'l1.toYear': ['25', 0.95, 2],
    });
    const lost = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates(['12']), totalCharge: ['40.00', 0.95] }), 0);
    expect(lost.bill.lines[0]).toMatchObject({ serviceDate: '2025-12-14', serviceDateTo: '2025-12-14' });
    expect(lost.bill.reviewReasons.join('\n')).toMatch(/24A line 1: date of service read as 2025-01-14 \(one part unsurely\): taken as the end date 2025-12-14/);
    // A rival that is no digit lost (11 for 12) leaves two sure dates apart.
    const other = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates(['11']), totalCharge: ['40.00', 0.95] }), 0);
    expect(other.bill.lines[0]).toMatchObject({ serviceDate: '2025-01-14', serviceDateTo: '2025-12-14' });
  });

  it("takes the end date's year for a start date whose year a streak took, when that puts it on or before the end, and flags it", async () => {
    const dates = (fromMonth: string, fromYear: [string, number]): Reads => ({
      'l1.fromMonth': [fromMonth, 0.95, 2], 'l1.fromDay': ['03', 0.95, 2], 'l1.fromYear': fromYear,
      'l1.toMonth': ['06', 0.95, 2], 'l1.toDay': ['19', 0.95, 2], 'l1.toYear': ['25', 0.99, 3],
    });
    const lost = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates('05', ['2', 0.4]), totalCharge: ['40.00', 0.95] }), 0);
    expect(lost.bill.lines[0]).toMatchObject({ serviceDate: '2025-05-03', serviceDateTo: '2025-06-19' });
    expect(lost.bill.reviewReasons.join('\n')).toMatch(/24A line 1: date of service read as 05\/03\/2: its year taken from the end date, 2025-05-03; check it/);
    // After the end date in that year, it is not guessed.
    const after = await readCms1500(ocrPage({ ...header, ...line(1, '99213', '40.00'), ...dates('08', ['.', 0]), totalCharge: ['40.00', 0.95] }), 0);
    expect(after.bill.lines[0]!.serviceDate).toBeNull();
  });

  it('marks the values a bill is priced by (line codes and charges, the totals) for the extra read a fax gets', async () => {
    const asked: string[] = [];
    const source = ocrPage({});
    await readCms1500({ ...source, read: (requests) => (asked.push(...requests.filter((r) => r.priced).map((r) => r.key)), source.read(requests)) }, 0);
    expect(new Set(asked)).toEqual(new Set(['totalCharge', 'amountPaid', ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`l${n}.code`, `l${n}.charge`])]));
  });
});
