// The console's outbox locally: the .eml files the local mailers write, listed newest first and read back with their
// attachments; names that are not outbox files are never opened.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxOfferMailer } from '#local/runtime/offer-outbox.ts';
import { OutboxFolder } from '#local/server/outbox-folder.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n% a letter\n%%EOF\n');

describe('the local outbox folder', () => {
  it('lists the sent offers newest first and reads one back with its letter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
    let now = new Date('2025-04-07T15:00:00.000Z');
    const mailer = new OutboxOfferMailer(dir, 'Parley Negotiation Desk <negotiations@parley.example>', () => now);
    const mail = { caseId: 'ABC-1', version: 1, to: 'billing@clinic.example', subject: 'Offer', body: 'See the letter.', letterPdf: pdf, fileName: 'ABC-1-offer-v1.pdf' };
    await mailer.sendOffer(mail);
    now = new Date('2025-04-07T16:00:00.000Z');
    await mailer.sendOffer({ ...mail, version: 2, subject: 'Revised offer (version 2)', fileName: 'ABC-1-offer-v2.pdf' });
    writeFileSync(join(dir, 'notes.txt'), 'not mail');

    const outbox = new OutboxFolder(dir);
    expect(outbox.location).toBe(dir);
    const entries = await outbox.list();
    expect(entries.map((e) => e.file)).toEqual(['2025-04-07T16-00-00-000Z-offer-ABC-1-v2.eml', '2025-04-07T15-00-00-000Z-offer-ABC-1-v1.eml']);

    const read = await outbox.read(entries[0]!.file);
    expect(read?.message).toMatchObject({ subject: 'Revised offer (version 2)', to: 'billing@clinic.example', messageId: '<offer-ABC-1-v2@parley.local>' });
    expect(read?.message.text.trim()).toBe('See the letter.');
    expect(read?.message.attachments).toEqual([{ index: 0, fileName: 'ABC-1-offer-v2.pdf', contentType: 'application/pdf', size: pdf.length }]);
    expect(Buffer.from(read!.attachment(0)!.content).equals(Buffer.from(pdf))).toBe(true);
    expect(read?.attachment(1)).toBeNull();
  });

  it('opens nothing but .eml names inside the folder, and an absent folder is an empty outbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
    writeFileSync(join(dir, 'notes.txt'), 'not mail');
    const outbox = new OutboxFolder(dir);
    expect(await outbox.read('notes.txt')).toBeNull();
    expect(await outbox.read('../outside.eml')).toBeNull();
    expect(await outbox.read('missing.eml')).toBeNull();
    expect(await new OutboxFolder(join(dir, 'nowhere')).list()).toEqual([]);
  });
});
