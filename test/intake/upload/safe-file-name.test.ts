import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FILE_NAME_LENGTH, safeDisplayPath, safeFileName } from '#shared/intake/upload/safe-file-name.ts';

describe('file names from submitters', () => {
  it('keeps ordinary names as they are', () => {
    expect(safeFileName('claim-2025-03.pdf')).toBe('claim-2025-03.pdf');
    expect(safeFileName('837P_batch.txt')).toBe('837P_batch.txt');
  });

  it('drops every path component, forward or backward', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('..\\..\\Windows\\system32\\bill.pdf')).toBe('bill.pdf');
    expect(safeFileName('/abs/path/')).toBe('path');
  });

  it('removes control, zero-width and right-to-left override characters', () => {
    expect(safeFileName('bill\u0000\r\n.pdf')).toBe('bill.pdf');
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(safeFileName('a\u200bb.pdf')).toBe('ab.pdf');
  });

  it('never starts with a dot and never is empty', () => {
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('..')).toBe('file');
    expect(safeFileName('')).toBe('file');
    expect(safeFileName('\u0001\u0002')).toBe('file');
  });

  it('shortens long names but keeps the extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.pdf`);
    expect(name.length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('whatever comes in, what comes out is a bounded run of safe characters with no "..", "/" or "\\"', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => {
        const name = safeFileName(input);
        expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
        expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
        expect(name).not.toContain('..');
      }),
    );
  });
});

describe('paths shown to people', () => {
  it('keeps the readable name and the folders inside an archive, drops climbing and control characters', () => {
    expect(safeDisplayPath('packet.zip/claims/Smith, John.pdf')).toBe('packet.zip/claims/Smith, John.pdf');
    expect(safeDisplayPath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeDisplayPath('a\\..\\b\r\nX-Injected: yes')).toBe('a/bX-Injected: yes');
    expect(safeDisplayPath('/./..//')).toBe('file');
  });

  it('is bounded', () => {
    expect(safeDisplayPath('x'.repeat(1000)).length).toBe(200);
  });
});
