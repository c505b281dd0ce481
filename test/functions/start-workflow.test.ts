// The start function turns queued S3 "Object Created" events into named Step Functions runs, one per object.
import './quiet-logs.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { StepFunctionsWorkflowStarter } from '#shared/aws/workflow-starter.sfn.ts';
import { documentIdFor, executionNameFor } from '#shared/pipeline/identity.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { decodeS3Key, startWorkflows } from '#functions/start-workflow/handler.ts';

const STATE_MACHINE = 'arn:aws:states:us-east-1:111122223333:stateMachine:Parley-bills';
const sfn = mockClient(SFNClient);
const starter = new StepFunctionsWorkflowStarter(sfn as unknown as SFNClient, STATE_MACHINE);

function objectCreated(key: string, extra: { etag?: string; version?: string } = {}): string {
  return JSON.stringify({
    version: '0',
    id: 'e1',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '111122223333',
    region: 'us-east-1',
    detail: {
      version: '0',
      bucket: { name: 'parley-documents-abc' },
      object: { key, size: 1200, etag: extra.etag ?? '9a0364b9e99bb480dd25e1f0284c8555', 'version-id': extra.version ?? 'v1', sequencer: '00' },
      reason: 'PutObject',
    },
  });
}

const sqs = (...bodies: string[]) => ({ Records: bodies.map((body, i) => ({ messageId: `m${i + 1}`, body })) });

beforeEach(() => {
  sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: new Date() });
});

describe('decodeS3Key', () => {
  it("turns '+' into spaces and %XX into characters, keeping an encoded '+' as '+'", () => {
    expect(decodeS3Key('intake/upload/u1/s1/Bill+for+J%C3%BCrgen%2B1.pdf')).toBe('intake/upload/u1/s1/Bill for Jürgen+1.pdf');
  });
});

describe('startWorkflows', () => {
  it('starts one run per object, named after it, with the initial state as input', async () => {
    const response = await startWorkflows(sqs(objectCreated('intake/upload/u1/s1/bill.837')), starter, silentLogger);
    expect(response.batchItemFailures).toEqual([]);
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const source = { bucket: 'parley-documents-abc', key: 'intake/upload/u1/s1/bill.837', versionId: 'v1', etag: '9a0364b9e99bb480dd25e1f0284c8555' };
    expect(calls[0]!.args[0].input).toMatchObject({ stateMachineArn: STATE_MACHINE, name: executionNameFor(source) });
    expect(JSON.parse(calls[0]!.args[0].input.input!)).toEqual({
      source,
      documentId: documentIdFor(source),
      fileName: 'bill.837',
      submittedBy: 'upload:u1',
      kind: null,
      claimCount: 0,
      halted: false,
      textractJobId: null,
      needsTextract: false,
    });
  });

  it('decodes the key from the event before naming and starting the run', async () => {
    await startWorkflows(sqs(objectCreated('intake/upload/u1/s1/March+bill+%2301.pdf')), starter, silentLogger);
    const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.input!);
    expect(input.source.key).toBe('intake/upload/u1/s1/March bill #01.pdf');
    expect(input.fileName).toBe('March bill #01.pdf');
    expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input.name).toBe(executionNameFor(input.source));
  });

  it('treats ExecutionAlreadyExists as a duplicate delivery, not a failure', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    const response = await startWorkflows(sqs(objectCreated('intake/upload/u1/s1/bill.837')), starter, silentLogger);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('ignores raw email (intake/email/ goes to the email function) and folder markers', async () => {
    const response = await startWorkflows(sqs(objectCreated('intake/email/abc123'), objectCreated('intake/upload/u1/')), starter, silentLogger);
    expect(response.batchItemFailures).toEqual([]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('reports only the records that failed, so the others are not redelivered', async () => {
    sfn.on(StartExecutionCommand, { name: executionNameFor({ bucket: 'parley-documents-abc', key: 'intake/edi/b.837', versionId: 'v1', etag: '9a0364b9e99bb480dd25e1f0284c8555' }) })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const response = await startWorkflows(
      sqs(objectCreated('intake/edi/a.837'), objectCreated('intake/edi/b.837'), 'not json', JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Deleted' })),
      starter,
      silentLogger,
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }]);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(2);
  });

  it('never logs the object key (it may name a patient)', async () => {
    const lines: string[] = [];
    const logger = { info: (m: string, f?: object) => lines.push(JSON.stringify([m, f])), warn: () => {}, error: (m: string, f?: object) => lines.push(JSON.stringify([m, f])) };
    await startWorkflows(sqs(objectCreated('intake/upload/u1/s1/Jane+Doe+bill.pdf'), 'not json'), starter, logger);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/Jane|Doe|intake\//);
  });
});
