// The SES adapter sends the same raw MIME the local outbox writes (nothing real runs SES here: the client is mocked).
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { SesOfferMailer } from '#shared/cases/offer-mailer.ses.ts';

describe('emailing an offer through SES', () => {
  it('sends one raw message to the provider with the letter attached and a Message-ID from the case and version', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
    const mailer = new SesOfferMailer(new SESv2Client({ region: 'us-east-1' }), {
      from: 'Parley Negotiation Desk <negotiations@example.com>',
      configurationSetName: 'parley',
      messageIdDomain: 'example.com',
      now: () => new Date('2025-04-07T15:00:00.000Z'),
    });
    const result = await mailer.sendOffer({ caseId: 'ABC-1', version: 1, to: 'billing@clinic.example', subject: 'Offer of payment', body: 'Attached.', letterPdf: pdf, fileName: 'ABC-1-offer-v1.pdf' });
    expect(result).toEqual({ messageId: '<offer-ABC-1-v1@example.com>' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ FromEmailAddress: 'Parley Negotiation Desk <negotiations@example.com>', Destination: { ToAddresses: ['billing@clinic.example'] }, ConfigurationSetName: 'parley' });
    const parsed = await simpleParser(Buffer.from(input.Content!.Raw!.Data!));
    expect(parsed.messageId).toBe('<offer-ABC-1-v1@example.com>');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['ABC-1-offer-v1.pdf']);
    ses.restore();
  });
});
