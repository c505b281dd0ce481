// The SES adapter sends the acknowledgment as raw MIME through SESv2 SendEmail (mocked: no SES runs here).
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { SesMailSender } from '#shared/intake/email/mail-sender.ses.ts';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const mail = {
  from: 'Parley claims intake <no-reply@intake.parley.example>',
  to: 'claims@keystone-benefits.example',
  subject: 'Received: 2 documents - Parley submission E0123456789ABCDEF',
  text: 'Parley received your message.\n\nSubmission: E0123456789ABCDEF\n',
  messageId: '<ack-1.E0123456789ABCDEF@intake.parley.example>',
  inReplyTo: '<packet-1@keystone-benefits.example>',
  headers: { 'X-Parley-Submission': 'E0123456789ABCDEF' },
};

describe('acknowledgments through SES', () => {
  it('sends one raw message to the sender, threaded under theirs and marked automatic', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0100018c-ses-id' });
    const sent = await new SesMailSender(new SESv2Client({ region: 'us-east-1' }), { configurationSetName: 'parley-acks' }).send(mail);
    expect(sent).toEqual({ id: '0100018c-ses-id' });

    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: ['claims@keystone-benefits.example'] },
      ConfigurationSetName: 'parley-acks',
    });
    const raw = await simpleParser(Buffer.from(input.Content!.Raw!.Data!));
    expect(raw.subject).toBe(mail.subject);
    expect(raw.inReplyTo).toBe('<packet-1@keystone-benefits.example>');
    expect(raw.references).toBe('<packet-1@keystone-benefits.example>');
    expect(raw.messageId).toBe(mail.messageId);
    expect(raw.headers.get('auto-submitted')).toBe('auto-replied');
    expect(raw.headers.get('x-parley-submission')).toBe('E0123456789ABCDEF');
    expect(raw.text).toContain('Submission: E0123456789ABCDEF');
  });

  it('lets an SES error through, so the message is retried rather than marked answered', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' }));
    await expect(new SesMailSender(new SESv2Client({ region: 'us-east-1' })).send(mail)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });
});
