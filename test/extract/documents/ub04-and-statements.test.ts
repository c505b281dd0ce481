import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocument, readWordPages } from '#shared/extract/documents/index.ts';
import { openPdf, pageWords } from '#shared/extract/documents/pdf.ts';
import { isValidNpi } from '#shared/extract/documents/field-checks.ts';
import { roleOf, withHeadingFrom } from '#shared/extract/documents/statement/read.ts';
import type { Word } from '#shared/extract/documents/words.ts';
import { providerByRole } from '#shared/model/bill.ts';
import { fixture, fixtureBytes, truth } from './support.ts';

const bases = readdirSync(fixture('forms/generated'))
  .filter((f) => /^(ub04|statement)-.*\.truth\.json$/.test(f))
  .map((f) => f.replace(/\.truth\.json$/, ''));

describe('born-digital UB-04s and itemized statements', () => {
  it('has UB-04 and statement fixtures, one UB-04 and one statement running over two pages', () => {
    expect(bases.filter((b) => b.startsWith('ub04-')).length).toBeGreaterThanOrEqual(3);
    expect(bases.filter((b) => b.startsWith('statement-')).length).toBeGreaterThanOrEqual(3);
    expect(bases).toContain('ub04-inpatient-two-pages');
    expect(bases).toContain('statement-hospital-two-pages');
  });

  for (const base of bases) {
    it(`reads every line of ${base} exactly, with its total`, async () => {
      const expected = truth(`forms/generated/${base}.truth.json`);
      const { bills } = await readDocument(fixtureBytes(`forms/generated/${base}.pdf`), { kind: 'pdf' });
      expect(bills).toHaveLength(1);
      const bill = bills[0]!;
      expect(bill.sourceFormat).toBe(expected.sourceFormat);
      expect(bill.claimNumber).toBe(expected.accountNumber);
      expect(bill.totalChargeCents).toBe(expected.totalChargeCents);
      const billing = providerByRole(bill, 'billing');
      expect(billing?.npi).toBe(expected.billingNpi);
      expect(billing?.tin).toBe(expected.tin);
      expect(billing?.address?.zip).toBe(expected.billingZip);
      if (expected.sourceFormat === 'ub04') {
        expect(bill.claimType).toBe('institutional');
        expect(bill.typeOfBill).toBe(expected.typeOfBill);
        expect(bill.diagnoses).toEqual(expected.diagnoses);
      }
      expect(
        bill.lines.map((l) => ({ serviceDate: l.serviceDate, revenueCode: l.revenueCode, code: l.code, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents })),
      ).toEqual(expected.lines.map((l) => ({ serviceDate: l.serviceDate, revenueCode: l.revenueCode, code: l.code, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents })));
      const npis = [expected.billingNpi].filter((n): n is string => !!n);
      const otherReasons = bill.reviewReasons.filter((r) => !/NPI fails its check digit/.test(r));
      expect(otherReasons).toEqual([]);
      if (npis.every(isValidNpi) && base !== 'ub04-out-of-network-claim') expect(bill.reviewReasons).toEqual([]);
    });
  }

  it('does not count the 0001 total line of a UB-04 as a service, and numbers lines across pages', async () => {
    const { bills } = await readDocument(fixtureBytes('forms/generated/ub04-inpatient-two-pages.pdf'), { kind: 'pdf' });
    const bill = bills[0]!;
    expect(bill.lines.every((l) => l.revenueCode !== '0001')).toBe(true);
    expect(bill.lines.map((l) => l.lineNumber)).toEqual(bill.lines.map((_, i) => i + 1));
    expect(bill.provenance['lines.23.chargeCents']).toMatchObject({ page: 2, box: 'FL47' });
    expect(bill.provenance['totalChargeCents']).toMatchObject({ page: 2, box: 'FL47' });
    expect(providerByRole(bill, 'attending')?.npi).toBe('1122334455');
    expect(bill.drg).toBe('194');
    expect([bill.statementFrom, bill.statementTo, bill.admissionDate]).toEqual(['2025-06-10', '2025-06-12', '2025-06-10']);
  });

  it('takes total charges, not the balance due, as a statement total and records payments', async () => {
    const { bills } = await readDocument(fixtureBytes('forms/generated/statement-hospital-two-pages.pdf'), { kind: 'pdf' });
    expect(bills[0]!.claimType).toBe('institutional');
    expect(bills[0]!.amountPaidCents).toBe(0);
    expect(bills[0]!.provenance['totalChargeCents']).toMatchObject({ page: 2, engine: 'pdf-text' });
  });
});

describe('itemized statements read from pixels', () => {
  /** The statement's words as an OCR engine would give them: the same text and places, engine "ocr". */
  async function ocrWordsOf(base: string) {
    const pdf = await openPdf(fixtureBytes(`forms/generated/${base}.pdf`));
    try {
      const page = await pageWords(pdf.doc, 1);
      return { ...page, words: page.words.map((w) => ({ ...w, engine: 'ocr' as const, confidence: 0.95 })) };
    } finally {
      await pdf.close();
    }
  }

  /** The page with one word (the nth of that text, from 0) read as something else: one word or, split, several. */
  function misread(page: { words: Word[] }, printed: string, read: string, nth = 0): void {
    const i = page.words.flatMap((w, i) => (w.text === printed ? [i] : []))[nth]!;
    const { bbox } = page.words[i]!;
    const pieces = read.split(' ');
    const width = bbox.width / pieces.length;
    page.words.splice(i, 1, ...pieces.map((text, k) => ({ ...page.words[i]!, text, bbox: { ...bbox, left: bbox.left + k * width, width } })));
  }

  it('flags a code read unsurely and a quantity OCR lost, rather than assuming them', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    const code = page.words.findIndex((w) => w.text.startsWith('S9500'));
    page.words[code] = { ...page.words[code]!, confidence: 0.4 };
    const sure = await readWordPages([page]);
    expect(sure.bills[0]!.reviewReasons.join('\n')).toMatch(/statement line 1 \(code\): code was read with low confidence/);
    // The first line's quantity (7) lost: with a quantity column on the table, that is no line of one unit unflagged.
    const line1 = page.words[code]!;
    const quantity = page.words.findIndex((w) => w.text === '7' && Math.abs(w.bbox.top - line1.bbox.top) < 0.005);
    expect(quantity).toBeGreaterThanOrEqual(0);
    page.words.splice(quantity, 1);
    const lost = await readWordPages([page]);
    // Its amount over its unit price says how many.
    expect(lost.bills[0]!.lines[0]!.units).toBe(7);
    expect(lost.bills[0]!.reviewReasons.join('\n')).toMatch(/statement line 1 \(quantity\): quantity could not be read; amount over unit price \(1,400\.00 \/ 200\.00\) is 7: taken, check it/);
    // Without the unit price, nothing says.
    misread(page, '200.00', '');
    const unpriced = await readWordPages([page]);
    expect(unpriced.bills[0]!.lines[0]!.units).toBe(1);
    expect(unpriced.bills[0]!.reviewReasons.join('\n')).toMatch(/statement line 1 \(quantity\): quantity could not be read; 1 assumed/);
  });

  it("takes units times unit price for an amount a fax streak cut short, and names an amount that is neither", async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    // Line 1 is 7 x 200.00 = 1,400.00; line 2 is 7 x 97.50 = 682.50.
    misread(page, '1,400.00', '1,400.0');
    misread(page, '682.50', '692.80');
    // Line 6 is 7 x 1.50 = 10.50, its leading digit lost.
    misread(page, '10.50', '0.50');
    const { bills } = await readWordPages([page]);
    const reasons = bills[0]!.reviewReasons.join('\n');
    expect(bills[0]!.lines[0]!.chargeCents).toBe(140000);
    expect(reasons).toMatch(/statement line 1 \(amount\): amount read as 1,400\.0; units times unit price \(7 x 200\.00\) is \$1,400\.00: taken, check it/);
    // Two digits off is no lost digit: the amount stays as read, and a person is told it does not multiply out.
    expect(bills[0]!.lines[1]!.chargeCents).toBe(69280);
    expect(reasons).toMatch(/statement line 2 \(amount\): amount 692\.80 is not units times unit price \(7 x 97\.50 = \$682\.50\)/);
    expect(bills[0]!.lines[5]!.chargeCents).toBe(1050);
    expect(reasons).toMatch(/statement line 6 \(amount\): amount read as 0\.50; units times unit price \(7 x 1\.50\) is \$10\.50: taken, check it/);
  });

  it("takes units times unit price for an amount whose leading digits a streak took, the cents kept", async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    misread(page, '682.50', '2.50');
    const { bills } = await readWordPages([page]);
    expect(bills[0]!.lines[1]!.chargeCents).toBe(68250);
    expect(bills[0]!.reviewReasons.join('\n')).toMatch(/statement line 2 \(amount\): amount read as 2\.50; units times unit price \(7 x 97\.50\) is \$682\.50: taken, check it/);
  });

  it('recounts a quantity a streak cut a digit from as the amount over the unit price, and names it', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    // Line 3 is 14 x 1.08 = 15.12, its price read without its point; line 4 is 7 x 9.67 = 67.69.
    misread(page, '14', '4');
    misread(page, '1.08', '108');
    misread(page, '7', '1', 2);
    const { bills } = await readWordPages([page]);
    const reasons = bills[0]!.reviewReasons.join('\n');
    expect(bills[0]!.lines[2]!).toMatchObject({ units: 14, chargeCents: 1512 });
    expect(reasons).toMatch(/statement line 3 \(quantity\): quantity read as 4; amount over unit price \(15\.12 \/ 1\.08\) is 14: taken, check it/);
    // 1 for 7 is no lost digit: which of the three is misread is a person's call.
    expect(bills[0]!.lines[3]!).toMatchObject({ units: 1, chargeCents: 6769 });
    expect(reasons).toMatch(/statement line 4 \(amount\): amount 67\.69 is not units times unit price \(1 x 9\.67 = \$9\.67\)/);
  });

  it('takes a date of service a fax split or read with a look-alike digit, and names it', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    misread(page, '02/01/2025', '02/D1/2025');
    misread(page, '02/01/2025', '02/ 1/2025');
    const { bills } = await readWordPages([page]);
    const reasons = bills[0]!.reviewReasons.join('\n');
    expect(bills[0]!.lines.slice(0, 2).map((l) => l.serviceDate)).toEqual(['2025-02-01', '2025-02-01']);
    expect(reasons).toMatch(/statement line 1 \(date\): date of service read as "02\/D1\/2025", taken as 02\/01\/2025: check it/);
    expect(reasons).toMatch(/statement line 2 \(date\): date of service read as "02\/ 1\/2025", taken as 02\/1\/2025: check it/);
  });

  it('finds the total charges under a label a streak cut short (TOTAL BILL) or split (T OTAL)', async () => {
    const ledger = await ocrWordsOf('statement-ledger-ambulance');
    misread(ledger, 'BILLED', 'BILL', 1);
    const clinic = await ocrWordsOf('statement-clinic-home-infusion');
    misread(clinic, 'TOTAL', 'T OTAL');
    for (const [page, total] of [[ledger, 76650], [clinic, 223293]] as const) {
      const { bills } = await readWordPages([page]);
      expect(bills[0]!.totalChargeCents).toBe(total);
      expect(bills[0]!.reviewReasons.join('\n')).not.toMatch(/no statement total/);
    }
  });

  it('takes the column beyond a last heading of unit price as the amount when its heading was lost', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    page.words = page.words.filter((w) => w.text !== 'Amount');
    const { bills } = await readWordPages([page]);
    expect(bills[0]!.lines.map((l) => l.chargeCents)).toEqual([140000, 68250, 1512, 6769, 5712, 1050]);
  });

  it('does not take units times a misread unit price for an amount whose digits say otherwise', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    misread(page, '200.00', '240.00');
    misread(page, '1,400.00', '1,400.');
    const { bills } = await readWordPages([page]);
    expect(bills[0]!.lines[0]!.chargeCents).not.toBe(168000);
    expect(bills[0]!.reviewReasons.join('\n')).toMatch(/statement line 1 \(amount\): amount 1,400\. is not units times unit price \(7 x 240\.00 = \$1,680\.00\)/);
  });

  it('takes a code whose zero a fax read as a D (AD427-RH) in the code column, repaired and named', async () => {
    const page = await ocrWordsOf('statement-ledger-ambulance');
    const code = page.words.findIndex((w) => w.text.startsWith('A0427'));
    page.words[code] = { ...page.words[code]!, text: page.words[code]!.text.replace('A0427', 'AD427') };
    const { bills, problems } = await readWordPages([page]);
    expect(bills[0]!.lines[0]!).toMatchObject({ code: 'A0427', modifiers: ['RH'], chargeCents: 70000 });
    expect(problems.map((p) => `${p.where}: ${p.message}`)).toContain('page 1, statement line 1 (code): code read as AD427 corrected to A0427 (the only known code one character away)');
  });

  it('takes a code with a look-alike for one digit on a table whose code heading a fax mangled', async () => {
    const page = await ocrWordsOf('statement-clinic-home-infusion');
    misread(page, 'Code', 'Cofte');
    misread(page, 'S9500', 'S9$00');
    misread(page, 'S5001', 'S5Q01');
    const { bills } = await readWordPages([page]);
    expect(bills[0]!.lines.slice(0, 2).map((l) => l.code)).toEqual(['S9500', 'S5001']);
  });
});

describe('statement table headings', () => {
  it("are taken from another read of the page when this read's heading is lost, the rows kept", async () => {
    const word = (text: string, left: number, top: number): Word => ({ text, page: 1, bbox: { left, top, width: 0.08, height: 0.012 }, confidence: 0.9, engine: 'ocr' });
    const row = [word('02/01/2025', 0.05, 0.3), word('S5000', 0.4, 0.3), word('15.12', 0.8, 0.3)];
    const mangled = [word('Serice', 0.05, 0.25), word('Descrpion', 0.2, 0.25), word('A', 0.8, 0.25), ...row];
    const heading = [word('Service Date', 0.05, 0.251), word('Code', 0.4, 0.251), word('Amount', 0.8, 0.251)];
    const merged = withHeadingFrom(mangled, [...heading, word('02/01/2025', 0.05, 0.3)]);
    expect(merged.map((w) => w.text).sort()).toEqual(['02/01/2025', 'Amount', 'Code', 'S5000', 'Service Date', '15.12'].sort());
    // A read with a heading of its own keeps it.
    expect(withHeadingFrom(merged, mangled)).toBe(merged);
  });


  it('knows a heading word a pixel read lost a letter of, but not a word near two kinds of column', () => {
    expect(roleOf('{mount')).toBe('amount');
    expect(roleOf('Unit rice')).toBe('price');
    expect(roleOf('Unitprice')).toBe('price');
    expect(roleOf('Pescription')).toBe('description');
    expect(roleOf('Patient')).toBeNull();
    expect(roleOf('Balance')).toBeNull();
  });
});
