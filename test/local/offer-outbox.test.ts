import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { OutboxOfferMailer } from '#local/runtime/offer-outbox.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n% a letter\n%%EOF\n');

describe('the local offer outbox', () => {
  it('writes one .eml per case and letter version with the letter attached; a re-run replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
    let now = new Date('2025-04-07T15:00:00.000Z');
    const mailer = new OutboxOfferMailer(dir, 'Parley Negotiation Desk <negotiations@parley.example>', () => now);
    const mail = { caseId: 'ABC-1', version: 2, to: 'billing@clinic.example', subject: 'Revised offer (version 2)', body: 'See the letter.', letterPdf: pdf, fileName: 'ABC-1-offer-v2.pdf' };
    const sent = await mailer.sendOffer(mail);
    expect(sent.messageId).toBe('<offer-ABC-1-v2@parley.local>');
    now = new Date('2025-04-07T15:05:00.000Z');
    await mailer.sendOffer(mail);
    await mailer.sendOffer({ ...mail, version: 3, fileName: 'ABC-1-offer-v3.pdf' });
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['2025-04-07T15-05-00-000Z-offer-ABC-1-v2.eml', '2025-04-07T15-05-00-000Z-offer-ABC-1-v3.eml']);
    const parsed = await simpleParser(readFileSync(join(dir, files[0]!)));
    expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('billing@clinic.example');
    expect(parsed.subject).toBe('Revised offer (version 2)');
    expect(parsed.messageId).toBe('<offer-ABC-1-v2@parley.local>');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['ABC-1-offer-v2.pdf', 'application/pdf']]);
    expect(Buffer.from(parsed.attachments[0]!.content).equals(Buffer.from(pdf))).toBe(true);
  });
});
