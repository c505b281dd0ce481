import { describe, expect, it } from 'vitest';
import { sniffDocument } from '#shared/intake/sniff.ts';

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

describe('sniffing a file by its bytes', () => {
  it('recognizes PDF, PNG, JPEG and both TIFF byte orders', () => {
    expect(sniffDocument(text('%PDF-1.7\n')).kind).toBe('pdf');
    expect(sniffDocument(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)).kind).toBe('png');
    expect(sniffDocument(bytes(0xff, 0xd8, 0xff, 0xe0)).kind).toBe('jpeg');
    expect(sniffDocument(bytes(0x49, 0x49, 0x2a, 0x00)).kind).toBe('tiff');
    expect(sniffDocument(bytes(0x4d, 0x4d, 0x00, 0x2a)).kind).toBe('tiff');
  });

  it('recognizes an 837 with a byte-order mark and leading whitespace', () => {
    const isa = '\uFEFF\r\nISA*00*          *00*          *ZZ*A              *ZZ*B              *250101*1200*^*00501*000000001*0*P*:~GS*HC*A*B*20250101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~';
    expect(sniffDocument(text(isa))).toEqual({ kind: 'x12-837', transactionSet: '837' });
  });

  it('tells an 835 remittance apart from a claim', () => {
    const isa = 'ISA|00|          |00|          |ZZ|A              |ZZ|B              |250101|1200|^|00501|000000001|0|P|>\nGS|HP|A|B|20250101|1200|1|X|005010X221A1\nST|835|0001\n';
    expect(sniffDocument(text(isa))).toEqual({ kind: 'x12-other', transactionSet: '835' });
  });

  it('refuses empty files, plain text and ZIP archives with a reason', () => {
    expect(sniffDocument(new Uint8Array(0))).toMatchObject({ kind: 'unknown', detail: expect.stringContaining('empty') });
    expect(sniffDocument(text('Dear sir, please find my bill attached'))).toMatchObject({ kind: 'unknown', detail: expect.stringContaining('plain text') });
    expect(sniffDocument(bytes(0x50, 0x4b, 0x03, 0x04, 1, 2))).toMatchObject({ kind: 'unknown', detail: expect.stringContaining('ZIP') });
  });
});
