// Image documents on AWS: the job starts idempotently, its completion resumes the waiting run, Extract reads its words.
import './quiet-logs.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendTaskSuccessCommand, SFNClient, TaskTimedOut } from '@aws-sdk/client-sfn';
import { GetDocumentTextDetectionCommand, StartDocumentTextDetectionCommand, TextractClient, type Block } from '@aws-sdk/client-textract';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readTextractJob } from '#shared/aws/textract-job.ts';
import { textractWords } from '#shared/aws/textract-ocr.ts';
import { TextractTaskStore } from '#shared/aws/textract-tasks.dynamo.ts';
import { initialWorkflowState } from '#shared/pipeline/workflow-state.ts';
import { startTextract } from '#functions/textract-start/handler.ts';
import { onTextractCompletion } from '#functions/textract-done/handler.ts';

const sfn = mockClient(SFNClient);
const textract = mockClient(TextractClient);
const db = mockClient(DynamoDBDocumentClient);
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const store = new TextractTaskStore(documentClient, 'cases', () => new Date('2025-06-01T00:00:00Z'));
const channel = { topicArn: 'arn:aws:sns:us-east-1:111122223333:textract', roleArn: 'arn:aws:iam::111122223333:role/textract-publish' };
const source = { bucket: 'docs', key: 'intake/upload/u1/s1/scan.png', versionId: 'v7', etag: 'e' };
const state = { ...initialWorkflowState({ source }, 'DOC123'), kind: 'png' as const };

beforeEach(() => {
  sfn.reset();
  textract.reset();
  db.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
  db.on(PutCommand).resolves({});
  db.on(DeleteCommand).resolves({});
});

describe('starting a Textract job for a run', () => {
  it('starts text detection on the object version with the document id as the idempotency token and parks the token', async () => {
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-1' });
    textract.on(GetDocumentTextDetectionCommand).resolves({ JobStatus: 'IN_PROGRESS' });
    const result = await startTextract({ taskToken: 'token-1', state }, { textract: textract as unknown as TextractClient, sfn: sfn as unknown as SFNClient, store, channel });
    expect(result).toEqual({ jobId: 'job-1' });
    expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input).toEqual({
      DocumentLocation: { S3Object: { Bucket: 'docs', Name: 'intake/upload/u1/s1/scan.png', Version: 'v7' } },
      ClientRequestToken: 'DOC123',
      JobTag: 'DOC123',
      NotificationChannel: { SNSTopicArn: channel.topicArn, RoleArn: channel.roleArn },
    });
    const put = db.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ pk: 'TEXTRACT#job-1', sk: 'TASK', taskToken: 'token-1', state: { ...state, textractJobId: 'job-1' } });
    expect(put.Item!.expiresAt).toBe(Date.parse('2025-06-08T00:00:00Z') / 1000);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('resumes the run at once when a retried start finds the job already finished (no completion will come)', async () => {
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-1' });
    textract.on(GetDocumentTextDetectionCommand).resolves({ JobStatus: 'SUCCEEDED' });
    db.on(GetCommand).resolves({ Item: { pk: 'TEXTRACT#job-1', sk: 'TASK', taskToken: 'token-2', state: { ...state, textractJobId: 'job-1' } } });
    await startTextract({ taskToken: 'token-2', state }, { textract: textract as unknown as TextractClient, sfn: sfn as unknown as SFNClient, store, channel });
    const sent = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input;
    expect(sent.taskToken).toBe('token-2');
    expect(JSON.parse(sent.output!)).toEqual({ ...state, textractJobId: 'job-1' });
  });

  it('refuses an event that is not a task token with a workflow state', async () => {
    await expect(
      startTextract({ taskToken: 'x', state: { documentId: 'D' } }, { textract: textract as unknown as TextractClient, sfn: sfn as unknown as SFNClient, store, channel }),
    ).rejects.toMatchObject({ name: 'InvalidWorkflowState' });
    expect(textract.commandCalls(StartDocumentTextDetectionCommand)).toHaveLength(0);
  });
});

describe('the completion topic', () => {
  const sns = (...messages: object[]) => ({ Records: messages.map((m, i) => ({ Sns: { MessageId: `s${i}`, Message: JSON.stringify(m) } })) });

  it('resumes the waiting run with the job id in the state, then forgets the token', async () => {
    db.on(GetCommand).resolves({ Item: { taskToken: 'token-1', state: { ...state, textractJobId: 'job-1' } } });
    const outcomes = await onTextractCompletion(sns({ JobId: 'job-1', Status: 'SUCCEEDED', API: 'StartDocumentTextDetection', JobTag: 'DOC123' }), {
      sfn: sfn as unknown as SFNClient,
      store,
    });
    expect(outcomes).toEqual(['resumed']);
    expect(JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!).textractJobId).toBe('job-1');
    expect(db.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'TEXTRACT#job-1', sk: 'TASK' });
  });

  it('resumes with success when the job failed too: Extract reads the failure and sends the document to review', async () => {
    db.on(GetCommand).resolves({ Item: { taskToken: 'token-1', state } });
    expect(await onTextractCompletion(sns({ JobId: 'job-1', Status: 'FAILED' }), { sfn: sfn as unknown as SFNClient, store })).toEqual(['resumed']);
  });

  it('treats a token already used (the start function got there first) as done', async () => {
    db.on(GetCommand).resolves({ Item: { taskToken: 'token-1', state } });
    sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    expect(await onTextractCompletion(sns({ JobId: 'job-1', Status: 'SUCCEEDED' }), { sfn: sfn as unknown as SFNClient, store })).toEqual(['already-resumed']);
    expect(db.commandCalls(DeleteCommand)).toHaveLength(1);
  });

  it('ignores a job no run waits for', async () => {
    db.on(GetCommand).resolves({});
    expect(await onTextractCompletion(sns({ JobId: 'other', Status: 'SUCCEEDED' }), { sfn: sfn as unknown as SFNClient, store })).toEqual(['unknown-job']);
    expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('fails (for the dead-letter queue) on a message that is not a Textract completion', async () => {
    await expect(onTextractCompletion({ Records: [{ Sns: { Message: 'hello' } }] }, { sfn: sfn as unknown as SFNClient, store })).rejects.toMatchObject({
      name: 'InvalidTextractCompletion',
    });
  });
});

const word = (text: string, page: number, left: number, top: number): Block => ({
  BlockType: 'WORD',
  Text: text,
  Page: page,
  Confidence: 98.5,
  Geometry: { BoundingBox: { Left: left, Top: top, Width: 0.05, Height: 0.01 } },
});

describe('reading a finished job', () => {
  it('pages through every result with NextToken', async () => {
    textract
      .on(GetDocumentTextDetectionCommand, { JobId: 'job-1', NextToken: undefined })
      .resolves({ JobStatus: 'SUCCEEDED', DocumentMetadata: { Pages: 2 }, Blocks: [word('A', 1, 0.1, 0.1)], NextToken: 'n1' })
      .on(GetDocumentTextDetectionCommand, { JobId: 'job-1', NextToken: 'n1' })
      .resolves({ JobStatus: 'SUCCEEDED', Blocks: [word('B', 2, 0.1, 0.1)], NextToken: 'n2' })
      .on(GetDocumentTextDetectionCommand, { JobId: 'job-1', NextToken: 'n2' })
      .resolves({ JobStatus: 'SUCCEEDED', Blocks: [word('C', 2, 0.5, 0.5)] });
    const job = await readTextractJob(textract as unknown as TextractClient, 'job-1');
    expect(job.blocks.map((b) => b.Text)).toEqual(['A', 'B', 'C']);
    expect(job).toMatchObject({ status: 'SUCCEEDED', pages: 2 });
    expect(textract.commandCalls(GetDocumentTextDetectionCommand)).toHaveLength(3);
  });

  it('turns the job\'s WORD blocks into words by page, with their relative boxes and confidences', () => {
    const blocks = [word('Total', 1, 0.1, 0.1), word('$100.00', 1, 0.6, 0.6), word('Page2', 2, 0.1, 0.1), { BlockType: 'LINE', Text: 'Total $100.00', Page: 1 } as Block];
    const pages = textractWords(blocks);
    expect(pages.get(1)!.map((w) => w.text)).toEqual(['Total', '$100.00']);
    expect(pages.get(1)![0]).toEqual({ text: 'Total', page: 1, bbox: { left: 0.1, top: 0.1, width: 0.05, height: 0.01 }, confidence: 0.985, engine: 'textract' });
    expect(pages.get(2)!.map((w) => w.text)).toEqual(['Page2']);
  });
});
