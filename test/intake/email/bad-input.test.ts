// Bad input, each with its own clear answer and nothing crashing; the raw message is always kept.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TNEF_REASON } from '#shared/intake/email/attachment-triage.ts';
import { processEmailObject, type EmailIntakeResult } from '#shared/intake/email/process-email.ts';
import type { EmailIntakeDeps } from '#shared/intake/email/process-email.ts';
import { sesMessage, sesReceiptHeaders, startEmailTestbed, tinyPdf, tinyPng, type EmailTestbed } from './support.ts';
import { makeZip } from './zip-writer.ts';

let bed: EmailTestbed;
beforeAll(async () => {
  bed = await startEmailTestbed();
});
afterAll(async () => bed?.stop());

const tpa = 'Claims Desk <claims@keystone-benefits.example>';
let sequence = 0;

/** Sends a message from the listed TPA with passing verdicts; returns the result, the answer and what was written. */
async function receive(mail: Parameters<typeof sesMessage>[0], deps: Partial<EmailIntakeDeps> = {}) {
  const raw = await sesMessage({ from: tpa, subject: 'Claims', messageId: `<bad-${sequence++}-${Date.now()}@keystone-benefits.example>`, ...mail });
  return receiveRaw(raw, deps);
}

async function receiveRaw(raw: Buffer, deps: Partial<EmailIntakeDeps> = {}) {
  const ref = await bed.putRaw(raw);
  const result = await processEmailObject(ref, bed.deps(deps));
  const acks = (await bed.outboxMail()).filter((m) => m.headers.get('x-parley-submission') === result.submissionId);
  const written = await bed.keysUnder(`intake/attachments/${result.submissionId}/`);
  const kept = await bed.keysUnder(ref.key);
  expect(kept).toEqual([ref.key]);
  return { result, ack: acks.at(-1), written };
}

const refusedReason = (result: EmailIntakeResult, name: string) => result.refused.find((r) => r.fileName === name)?.reason;

describe('messages with nothing to take', () => {
  it('no attachments: answered "no bills found", naming why', async () => {
    const { result, ack, written } = await receive({ text: 'The bills will follow tomorrow.' });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.reasons).toEqual(['the message has no attachments: Parley reads attached files, not the text of a message']);
    expect(written).toEqual([]);
    expect(ack!.subject).toBe(`Not received: no bills found - Parley submission ${result.submissionId}`);
    expect(ack!.text).toContain('the message has no attachments');
  });

  it('HTML-only mail: says the message had only an HTML body', async () => {
    const { result, ack } = await receive({ html: '<p>Bill: <b>$1,200</b> for 99213</p>' });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(result.reasons).toEqual(['the message has only an HTML body and no attachments: Parley reads attached files, not the text of a message']);
    expect(ack!.text).toContain('only an HTML body');
  });

  it('an inline signature logo is ignored, not submitted; a large inline picture of a bill is taken', async () => {
    const big = tinyPng(300 * 1024);
    const { result, ack } = await receive({
      html: '<p>Bill attached</p><img src="cid:logo@sig"><img src="cid:photo@bill">',
      attachments: [
        { filename: 'image001.png', content: tinyPng(500), cid: 'logo@sig' },
        { filename: 'IMG_2041.png', content: big, cid: 'photo@bill' },
      ],
    });
    expect(result.ignored).toEqual([{ fileName: 'image001.png', reason: 'a small picture inside the message text (a logo or signature), not a bill' }]);
    expect(result.documents.map((d) => d.fileName)).toEqual(['IMG_2041.png']);
    expect(ack!.text).toContain('Ignored (1):\n  - image001.png: a small picture inside the message text');
  });
});

describe('attachments that are refused, each with its reason', () => {
  it('a zero-byte file', async () => {
    const { result, ack } = await receive({ text: 'x', attachments: [{ filename: 'empty.pdf', content: Buffer.alloc(0) }, { filename: 'bill.pdf', content: tinyPdf() }] });
    expect(refusedReason(result, 'empty.pdf')).toBe('the file is empty (0 bytes)');
    expect(result.documents.map((d) => d.fileName)).toEqual(['bill.pdf']);
    expect(ack!.text).toContain('Not received (1):\n  - empty.pdf: the file is empty (0 bytes)');
  });

  it('a Windows winmail.dat (TNEF): refused by name, telling the sender how to resend', async () => {
    const tnef = Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), randomBytes(200)]);
    const { result, ack } = await receive({ text: 'x', attachments: [{ filename: 'winmail.dat', content: tnef, contentType: 'application/ms-tnef' }] });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(refusedReason(result, 'winmail.dat')).toBe(TNEF_REASON);
    expect(ack!.text).toContain('winmail.dat: winmail.dat is a Windows TNEF attachment');
  });

  it('a file named ../../etc/passwd: the name loses its climb, the key its path, and the content is judged by its bytes', async () => {
    const { result, written } = await receive({
      text: 'x',
      attachments: [
        { filename: '../../etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\n' },
        { filename: '..\\..\\bill.pdf', content: tinyPdf() },
      ],
    });
    expect(refusedReason(result, 'etc/passwd')).toBe('not a bill Parley can read: plain text that is not an X12 interchange (no ISA header)');
    expect(written).toEqual([`intake/attachments/${result.submissionId}/01-bill.pdf`]);
    expect(written.join()).not.toContain('..');
  });

  it('a file that is not a bill, an office document, an 835 remittance', async () => {
    const docx = makeZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]);
    const remit = 'ISA*00*          *00*          *ZZ*A              *ZZ*B              *250101*1200*^*00501*000000001*0*P*:~GS*HP*A*B*20250101*1200*1*X*005010X221A1~ST*835*0001~';
    const { result } = await receive({
      text: 'x',
      attachments: [
        { filename: 'notes.txt', content: 'call me' },
        { filename: 'letter.docx', content: docx },
        { filename: 'remit.835', content: remit },
      ],
    });
    expect(result.refused).toEqual([
      { fileName: 'notes.txt', reason: 'not a bill Parley can read: plain text that is not an X12 interchange (no ISA header)' },
      { fileName: 'letter.docx', reason: 'an office document (Word, Excel...), not a bill Parley reads: please send it as a PDF' },
      { fileName: 'remit.835', reason: 'an X12 835 file is not a claim: Parley reads 837 claims only' },
    ]);
  });

  it('an encrypted or corrupt PDF is a PDF to the intake: submitted, and the PDF reader gives its reason downstream', async () => {
    const encrypted = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >> >>\n%%EOF\n');
    const corrupt = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const { result, ack } = await receive({ text: 'x', attachments: [{ filename: 'locked.pdf', content: encrypted }, { filename: 'broken.pdf', content: corrupt }] });
    expect(result.documents.map((d) => [d.fileName, d.kind])).toEqual([
      ['locked.pdf', 'pdf'],
      ['broken.pdf', 'pdf'],
    ]);
    expect(ack!.text).toContain('reviewed by a negotiator');
  });

  it('an attachment over the per-file limit', async () => {
    const { result } = await receive({ text: 'x', attachments: [{ filename: 'big.pdf', content: Buffer.concat([tinyPdf(), Buffer.alloc(300_000)]) }] }, { limits: { maxFileBytes: 200_000 } });
    expect(refusedReason(result, 'big.pdf')).toBe('the file is larger than the limit of 0.2 MB per file');
  });

  it('more files than a message may hold: the rest are named as not opened', async () => {
    const attachments = [1, 2, 3, 4].map((n) => ({ filename: `bill${n}.pdf`, content: tinyPdf(`b${n}`) }));
    const { result } = await receive({ text: 'x', attachments }, { limits: { maxFiles: 2 } });
    expect(result.documents.map((d) => d.fileName)).toEqual(['bill1.pdf', 'bill2.pdf']);
    expect(result.refused).toEqual([
      { fileName: 'bill3.pdf', reason: 'the message holds more than 2 files; the rest were not opened' },
      { fileName: 'bill4.pdf', reason: 'the message holds more than 2 files; the rest were not opened' },
    ]);
  });
});

describe('archives and forwarded messages', () => {
  it('a ZIP of bills is opened: each bill becomes a document, junk inside is refused or ignored', async () => {
    const zip = makeZip([
      { name: 'claims/march.pdf', data: tinyPdf('march') },
      { name: 'claims/april.pdf', data: tinyPdf('april'), store: true },
      { name: '__MACOSX/claims/._march.pdf', data: Buffer.from('meta') },
      { name: '../../../etc/cron.d/evil', data: Buffer.from('* * * * * root rm -rf /') },
    ]);
    const { result, written } = await receive({ text: 'x', attachments: [{ filename: 'packet.zip', content: zip }] });
    expect(result.documents.map((d) => d.fileName)).toEqual(['packet.zip/claims/march.pdf', 'packet.zip/claims/april.pdf']);
    expect(written).toEqual([`intake/attachments/${result.submissionId}/01-march.pdf`, `intake/attachments/${result.submissionId}/02-april.pdf`]);
    expect(result.ignored.map((i) => i.fileName)).toEqual(['packet.zip/__MACOSX/claims/._march.pdf']);
    expect(result.refused).toEqual([{ fileName: 'packet.zip/etc/cron.d/evil', reason: 'not a bill Parley can read: plain text that is not an X12 interchange (no ISA header)' }]);
  });

  it('a ZIP bomb (one entry compressed 1000 to 1) is refused without being inflated', async () => {
    const bomb = makeZip([{ name: 'bill.pdf', data: Buffer.alloc(20 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(100_000);
    const { result, ack } = await receive({ text: 'x', attachments: [{ filename: 'bills.zip', content: bomb }] });
    expect(result.outcome).toBe('NOTHING_ACCEPTED');
    expect(refusedReason(result, 'bills.zip/bill.pdf')).toMatch(/^the file is compressed \d+ to 1 \(a compression bomb\); at most 100 to 1 is opened$/);
    expect(ack!.text).toContain('a compression bomb');
  });

  it('an archive that lies about its sizes is caught while it is read', async () => {
    const liar = makeZip([{ name: 'bill.pdf', data: Buffer.concat([tinyPdf(), Buffer.alloc(5 * 1024 * 1024)]), declaredSize: 1000 }]);
    const { result } = await receive({ text: 'x', attachments: [{ filename: 'liar.zip', content: liar }] });
    expect(refusedReason(result, 'liar.zip/bill.pdf')).toMatch(/^the file cannot be extracted: its contents do not match the archive's header/);
    expect(result.documents).toEqual([]);
  });

  it('too many entries, too much in total, too deeply nested, encrypted, or damaged: each said', async () => {
    const many = makeZip(Array.from({ length: 12 }, (_, i) => ({ name: `b${i}.pdf`, data: tinyPdf(`${i}`) })));
    const inner = makeZip([{ name: 'deep.pdf', data: tinyPdf('deep') }]);
    const middle = makeZip([{ name: 'inner.zip', data: inner }, { name: 'mid.pdf', data: tinyPdf('mid') }]);
    const outer = makeZip([{ name: 'middle.zip', data: middle }]);
    const locked = makeZip([{ name: 'secret.pdf', data: tinyPdf(), encrypted: true, store: true }]);
    const damaged = makeZip([{ name: 'x.pdf', data: tinyPdf() }]).subarray(0, 40);
    const { result } = await receive(
      {
        text: 'x',
        attachments: [
          { filename: 'many.zip', content: many },
          { filename: 'outer.zip', content: outer },
          { filename: 'locked.zip', content: locked },
          { filename: 'damaged.zip', content: damaged },
        ],
      },
      { limits: { maxZipEntries: 10 } },
    );
    expect(refusedReason(result, 'many.zip')).toBe('the ZIP archive lists 12 entries; at most 10 are opened');
    expect(result.documents.map((d) => d.fileName)).toEqual(['outer.zip/middle.zip/mid.pdf']);
    expect(refusedReason(result, 'outer.zip/middle.zip/inner.zip')).toBe('an archive inside an archive 2 levels deep; at most 2 levels are opened');
    expect(refusedReason(result, 'locked.zip/secret.pdf')).toMatch(/^the file is encrypted \(password-protected ZIP\)/);
    expect(refusedReason(result, 'damaged.zip')).toMatch(/^the ZIP archive cannot be read \(/);

    const total = makeZip([1, 2, 3].map((n) => ({ name: `p${n}.pdf`, data: Buffer.concat([tinyPdf(), randomBytes(40_000)]) })));
    const capped = await receive({ text: 'x', attachments: [{ filename: 'total.zip', content: total }] }, { limits: { maxZipExpandedBytes: 100_000 } });
    expect(capped.result.documents.map((d) => d.fileName)).toEqual(['total.zip/p1.pdf', 'total.zip/p2.pdf']);
    expect(refusedReason(capped.result, 'total.zip/p3.pdf')).toBe('the archive expands to more than 0.1 MB; the files after this one were not opened');
  });

  it('a forwarded message (message/rfc822) is opened and its attachments taken', async () => {
    const forwarded = await sesMessage(
      { from: 'Dr. Office <billing@clinic.example>', to: 'claims@keystone-benefits.example', subject: 'bill', text: 'see attached', attachments: [{ filename: 'clinic-bill.pdf', content: tinyPdf('fwd') }] },
      { receipt: false },
    );
    const { result } = await receive({ text: 'Forwarding the clinic bill.', attachments: [{ filename: 'Fwd bill.eml', content: forwarded, contentType: 'message/rfc822' }] });
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.documents.map((d) => d.fileName)).toEqual(['clinic-bill.pdf']);
  });
});

describe('messages that are refused whole', () => {
  it('a 60 MB message: refused by its size without being parsed, answered, kept', async () => {
    const headers = `${sesReceiptHeaders('claims@keystone-benefits.example')}\r\nFrom: ${tpa}\r\nTo: claims@intake.parley.example\r\nSubject: big\r\nMessage-ID: <huge@keystone-benefits.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pdf; name="huge.pdf"\r\nContent-Disposition: attachment; filename="huge.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
    const line = Buffer.from(`${'A'.repeat(76)}\r\n`);
    const body = Buffer.alloc(60 * 1024 * 1024 - headers.length);
    for (let offset = 0; offset + line.length <= body.length; offset += line.length) line.copy(body, offset);
    const { result, ack, written } = await receiveRaw(Buffer.concat([Buffer.from(headers), body]));
    expect(result.outcome).toBe('REFUSED');
    expect(result.reasons).toEqual(['the message is 60 MB; messages up to 40 MB are accepted (send the bills in several messages, or upload them)']);
    expect(written).toEqual([]);
    expect(ack!.subject).toBe(`Not accepted - Parley reference ${result.submissionId}`);
  }, 60_000);

  it('bytes that are not a message at all: refused, no one to answer, kept', async () => {
    const { result, ack } = await receiveRaw(randomBytes(4096));
    expect(result.outcome).toBe('REFUSED');
    expect(result.acknowledgment).toEqual({ sent: false, detail: 'no single From address to answer' });
    expect(ack).toBeUndefined();
  });

  it('a message cut off in the middle of an attachment is read as far as it goes: nothing crashes, the whole attachment before the cut is taken', async () => {
    const raw = await sesMessage({
      from: tpa,
      subject: 'cut',
      messageId: '<cut@keystone-benefits.example>',
      text: 'x',
      attachments: [{ filename: 'first.pdf', content: tinyPdf('first') }, { filename: 'second.pdf', content: Buffer.concat([tinyPdf('second'), randomBytes(30_000)]) }],
    });
    const { result } = await receiveRaw(raw.subarray(0, raw.length - 20_000));
    expect(result.outcome).toBe('ACCEPTED');
    expect(result.documents.map((d) => d.fileName)).toContain('first.pdf');
  });
});
