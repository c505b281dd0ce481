import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, csvCell, csvDocument } from '#shared/reports/csv.ts';

/** Reads RFC 4180 text back (quoted fields, doubled quotes, CRLF rows): the inverse the tests check against. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

describe('CSV cells', () => {
  it('quote only what needs it and double the quotes inside', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('ACME, INC.')).toBe('"ACME, INC."');
    expect(csvCell('the "best" clinic')).toBe('"the ""best"" clinic"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('neutralize text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    // Plain numbers stay numbers, negative or not.
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(-3)).toBe('-3');
  });

  it('round-trip any text through a document, formulas neutralized and nothing else changed', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 8 }), (rows) => {
        const text = csvDocument(['a', 'b'], rows);
        expect(text.endsWith('\r\n')).toBe(true);
        const back = parseCsv(text);
        expect(back[0]).toEqual(['a', 'b']);
        back.slice(1).forEach((row, i) =>
          row.forEach((cell, j) => {
            const original = rows[i]![j]!;
            const risky = /^[=+\-@\t\r]/.test(original) && !/^-?\d+(\.\d+)?$/.test(original);
            expect(cell).toBe(risky ? `'${original}` : original);
          }),
        );
      }),
    );
  });

  it('write cents as exact dollar decimals', () => {
    expect(centsToDecimal(114_000)).toBe('1140.00');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-105)).toBe('-1.05');
    expect(centsToDecimal(123_456_789_01)).toBe('123456789.01');
    expect(centsToDecimal(null)).toBeNull();
  });
});
