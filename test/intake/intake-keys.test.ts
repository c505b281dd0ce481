import { describe, expect, it } from 'vitest';
import { attachmentKey, parseIntakeKey, uploadKey } from '#shared/intake/intake-keys.ts';
import { startsBillWorkflow } from '#shared/intake/start-workflow.ts';

describe('intake keys', () => {
  it('record the uploader and the submission of an upload', () => {
    const key = uploadKey('provider-17', 'SUB123', 'bill.pdf');
    expect(key).toBe('intake/upload/provider-17/SUB123/bill.pdf');
    expect(parseIntakeKey(key)).toEqual({ channel: 'upload', submitter: 'provider-17', submissionId: 'SUB123', fileName: 'bill.pdf' });
  });

  it('group email attachments under their message', () => {
    expect(parseIntakeKey(attachmentKey('MSG9', '02-claims.837'))).toMatchObject({ channel: 'attachments', submissionId: 'MSG9', fileName: '02-claims.837' });
  });

  it('start bill workflows for uploads, attachments and EDI files, but not for raw email or folders', () => {
    expect(startsBillWorkflow('intake/upload/p/s/a.pdf')).toBe(true);
    expect(startsBillWorkflow('intake/attachments/m/a.pdf')).toBe(true);
    expect(startsBillWorkflow('intake/edi/tpa-1/batch.837')).toBe(true);
    expect(startsBillWorkflow('intake/email/abcdef')).toBe(false);
    expect(startsBillWorkflow('intake/upload/p/s/')).toBe(false);
    expect(startsBillWorkflow('letters/x.pdf')).toBe(false);
  });
});
