// Scanned and mixed PDFs on AWS: Extract, which has no OCR engine there, asks for a Textract job instead of giving up;
// the job starts idempotently on the PDF itself, its completion resumes the run, and Extract then reads the text-layer
// pages from pdfjs and the scanned pages from Textract's words. Driven here as the state machine drives it, against
// DynamoDB Local, with Textract and Step Functions mocked by recorded-style responses.
import './quiet-logs.ts';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  TextractClient,
  type GetDocumentTextDetectionCommandOutput,
} from '@aws-sdk/client-textract';
import { DynamoCaseRepository } from '#shared/cases/case-store.dynamo.ts';
import { TextractTaskStore } from '#shared/aws/textract-tasks.dynamo.ts';
import { readDocument, createLocalOcr, type Word } from '#shared/extract/documents/index.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import type { ObjectRef } from '#shared/model/document.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { classifyStep } from '#shared/pipeline/steps/classify.ts';
import { extractStep } from '#shared/pipeline/steps/extract.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import { initialWorkflowState, WorkflowState } from '#shared/pipeline/workflow-state.ts';
import type { ObjectStore } from '#shared/storage/object-store.ts';
import { awsDocumentReader } from '#functions/runtime/document-reader.ts';
import { startTextract } from '#functions/textract-start/handler.ts';
import { onTextractCompletion } from '#functions/textract-done/handler.ts';
import { startTestDynamo, type TestDynamo } from '../support/local-dynamo.ts';
import { detectionResults, pdfOfPages, wordsOfBornDigitalPage } from '../support/textract-detection.ts';
import { fixtureBytes, truth } from '../extract/documents/support.ts';

const textract = mockClient(TextractClient);
const sfn = mockClient(SFNClient);
const channel = { topicArn: 'arn:aws:sns:us-east-1:111122223333:textract', roleArn: 'arn:aws:iam::111122223333:role/textract-publish' };

let dynamo: TestDynamo;
let cases: DynamoCaseRepository;
let tasks: TextractTaskStore;
const objects = new Map<string, Uint8Array>();

const objectStore: ObjectStore = {
  get: async ({ key }) => objects.get(key)!,
  getHead: async ({ key }, bytes) => objects.get(key)!.subarray(0, bytes),
  put: async () => {
    throw new Error('Extract writes no objects for a PDF');
  },
  size: async ({ key }) => objects.get(key)!.byteLength,
};

function services(readDocumentWith: PipelineServices['readDocument'] = awsDocumentReader(textract as unknown as TextractClient)): PipelineServices {
  return {
    objects: objectStore,
    cases,
    buckets: { documents: 'docs', letters: 'letters' },
    readDocument: readDocumentWith,
    logger: silentLogger,
    now: () => new Date('2026-02-02T10:00:00Z'),
    claimConcurrency: 2,
  } as unknown as PipelineServices;
}

beforeAll(async () => {
  dynamo = await startTestDynamo();
  cases = new DynamoCaseRepository(dynamo.db, dynamo.tableName);
  tasks = new TextractTaskStore(dynamo.db, dynamo.tableName);
}, 60_000);
afterAll(async () => dynamo?.stop());

beforeEach(() => {
  textract.reset();
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({});
});

const generated = (name: string) => fixtureBytes(`forms/generated/${name}`);
/** Example 1's claim printed on the CMS-1500 and scanned at 200 dpi (no text layer). */
const example1Scan = () => generated('scans/cms1500-example1-pristine.png');
const example1Truth = truth('forms/generated/cms1500-example1.truth.json');
const example9Truth = truth('forms/generated/cms1500-example9.truth.json');

async function upload(name: string, bytes: Uint8Array): Promise<WorkflowState> {
  const key = `intake/upload/u1/${name}/${name}.pdf`;
  objects.set(key, bytes);
  const source: ObjectRef = { bucket: 'docs', key, versionId: `v-${name}`, etag: `"${name}"` };
  return classifyStep.run(initialWorkflowState({ source, submittedBy: 'upload:u1' }, documentIdFor(source)), services());
}

/** Textract's results for a job, paged by NextToken as GetDocumentTextDetection returns them. */
function jobReturns(jobId: string, responses: Partial<GetDocumentTextDetectionCommandOutput>[]): void {
  responses.forEach((response, i) => {
    textract.on(GetDocumentTextDetectionCommand, { JobId: jobId, NextToken: i === 0 ? undefined : `next-${i}` }).resolves(response);
  });
}

/** What the state machine does on `needsTextract`: ReadWithTextract (start, park the token), then the completion. */
async function readWithTextract(state: WorkflowState, jobId: string): Promise<WorkflowState> {
  textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: jobId });
  textract.on(GetDocumentTextDetectionCommand, { JobId: jobId, MaxResults: 1 }).resolves({ JobStatus: 'IN_PROGRESS' });
  await startTextract({ taskToken: `token-${state.documentId}`, state }, { textract: textract as unknown as TextractClient, sfn: sfn as unknown as SFNClient, store: tasks, channel });
  expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  await onTextractCompletion(
    { Records: [{ Sns: { MessageId: 'm1', Message: JSON.stringify({ JobId: jobId, Status: 'SUCCEEDED', API: 'StartDocumentTextDetection', JobTag: state.documentId }) } }] },
    { sfn: sfn as unknown as SFNClient, store: tasks },
  );
  const [resumed] = sfn.commandCalls(SendTaskSuccessCommand);
  expect(resumed!.args[0].input.taskToken).toBe(`token-${state.documentId}`);
  return WorkflowState.parse(JSON.parse(resumed!.args[0].input.output!));
}

const chargesOf = (lines: { chargeCents: number }[]) => lines.map((l) => l.chargeCents);

describe('a scanned PDF (one page, an image and no text layer)', () => {
  it('asks for Textract on the first pass, is read from the job on the PDF itself, and opens its case', async () => {
    const pdf = await pdfOfPages([{ scan: example1Scan() }]);
    const classified = await upload('fax-1', pdf);
    expect(classified.kind).toBe('pdf');

    const first = await extractStep.run(classified, services());
    expect(first).toMatchObject({ needsTextract: true, halted: false, claimCount: 0, textractJobId: null });
    expect(textract.calls()).toHaveLength(0);
    expect((await cases.getDocument(classified.documentId))?.status).toBe('CLASSIFIED');

    // Textract reads the PDF object itself (the version this run is for), once per document however often it starts.
    const words = await wordsOfBornDigitalPage(generated('cms1500-example1-flat.pdf'));
    jobReturns('job-fax-1', detectionResults(new Map([[1, words]]), { blocksPerResponse: 150 }));
    const resumed = await readWithTextract(first, 'job-fax-1');
    expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: 'docs', Name: classified.source.key, Version: 'v-fax-1' } },
      ClientRequestToken: classified.documentId,
    });
    expect(resumed).toMatchObject({ textractJobId: 'job-fax-1', needsTextract: false });

    const second = await extractStep.run(resumed, services());
    expect(second).toMatchObject({ claimCount: 1, halted: false, needsTextract: false });
    const pages = Math.ceil(detectionResults(new Map([[1, words]])).reduce((n, r) => n + r.Blocks!.length, 0) / 150);
    expect(textract.commandCalls(GetDocumentTextDetectionCommand).filter((c) => c.args[0].input.MaxResults === undefined)).toHaveLength(pages);

    const document = await cases.getDocument(classified.documentId);
    expect(document?.status).toBe('EXTRACTED');
    const stored = await cases.getCase(document!.caseIds[0]!);
    expect(stored?.bill.totalChargeCents).toBe(example1Truth.totalChargeCents);
    expect(chargesOf(stored!.bill.lines)).toEqual(chargesOf(example1Truth.lines));
    expect(stored?.bill.lines.map((l) => l.code)).toEqual(example1Truth.lines.map((l) => l.code));
    expect(stored?.bill.provenance['totalChargeCents']).toMatchObject({ engine: 'textract', page: 1 });

    // A redelivered Extract (same state) opens nothing twice and asks for nothing.
    const again = await extractStep.run(resumed, services());
    expect(again).toMatchObject({ claimCount: 1, needsTextract: false });
    expect((await cases.getDocument(classified.documentId))?.caseIds).toEqual(document!.caseIds);
  });

  it('goes to review, not round again, when the job has no words for a page without a text layer', async () => {
    const pdf = await pdfOfPages([{ scan: example1Scan() }, { scan: example1Scan() }]);
    const classified = await upload('fax-2', pdf);
    const first = await extractStep.run(classified, services());
    expect(first.needsTextract).toBe(true);

    // The job reports page 1 only (a truncated result): page 2 still has no words.
    jobReturns('job-fax-2', detectionResults(new Map([[1, await wordsOfBornDigitalPage(generated('cms1500-example1-flat.pdf'))]])));
    const second = await extractStep.run({ ...first, needsTextract: false, textractJobId: 'job-fax-2' }, services());
    expect(second).toMatchObject({ halted: true, needsTextract: false, claimCount: 0 });
    const document = await cases.getDocument(classified.documentId);
    expect(document?.status).toBe('NEEDS_REVIEW');
    expect(document?.reasons).toEqual(['no text layer, and Textract job job-fax-2 returned no words for it (page 2)']);
  });

  it("goes to review with Textract's reason when the job failed", async () => {
    const classified = await upload('fax-3', await pdfOfPages([{ scan: example1Scan() }]));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-fax-3' }).resolves({ JobStatus: 'FAILED', StatusMessage: 'UNSUPPORTED_DOCUMENT' });
    const state = await extractStep.run({ ...classified, textractJobId: 'job-fax-3' }, services());
    expect(state).toMatchObject({ halted: true, needsTextract: false });
    expect((await cases.getDocument(classified.documentId))?.reasons).toEqual([
      'Textract could not read the scanned pages: UNSUPPORTED_DOCUMENT (whole file)',
    ]);
  });

  it('reads a page Textract found blank as blank (a fax cover back), not as a page it left out', async () => {
    const classified = await upload('fax-4', await pdfOfPages([{ scan: example1Scan() }, { blank: true }]));
    const words = await wordsOfBornDigitalPage(generated('cms1500-example1-flat.pdf'));
    jobReturns('job-fax-4', detectionResults(new Map([[1, words], [2, []]])));
    const state = await extractStep.run({ ...classified, textractJobId: 'job-fax-4' }, services());
    expect(state).toMatchObject({ claimCount: 1, halted: false });
  });

  it('is read in one pass, never asking for Textract, where the step is given an OCR engine (the local runner)', async () => {
    const classified = await upload('fax-5', await pdfOfPages([{ scan: example1Scan() }]));
    const ocr = createLocalOcr();
    try {
      const state = await extractStep.run(classified, services((bytes, kind) => readDocument(bytes, { kind, ocr })));
      expect(state).toMatchObject({ claimCount: 1, needsTextract: false, textractJobId: null });
    } finally {
      await ocr.close();
    }
    const document = await cases.getDocument(classified.documentId);
    const stored = await cases.getCase(document!.caseIds[0]!);
    expect(stored?.bill.totalChargeCents).toBe(example1Truth.totalChargeCents);
    expect(stored?.bill.provenance['totalChargeCents']?.engine).toBe('ocr');
    expect(textract.calls()).toHaveLength(0);
  }, 60_000);
});

describe('a scanned PDF that is no bill', () => {
  it("is refused with the reason, as locally, when Textract's recorded words are a patient intake form", async () => {
    // A response Textract recorded for a real scanned page (KEY_VALUE_SET, LINE and WORD blocks; no Page on a
    // one-page result), served as the job's only page of results.
    const recorded = JSON.parse(readFileSync(new URL('../fixtures/textract/patient_intake_form_sample.json', import.meta.url), 'utf8'));
    const classified = await upload('intake-form', await pdfOfPages([{ scan: example1Scan() }]));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-intake' }).resolves({ JobStatus: 'SUCCEEDED', DocumentMetadata: recorded.DocumentMetadata, Blocks: recorded.Blocks });
    const state = await extractStep.run({ ...classified, textractJobId: 'job-intake' }, services());
    expect(state).toMatchObject({ halted: true, needsTextract: false, claimCount: 0 });
    const document = await cases.getDocument(classified.documentId);
    expect(document?.status).toBe('REJECTED');
    expect(document?.reasons).toEqual(['not a bill: no page is a CMS-1500, UB-04 or itemized statement (pages read as: other) (pages 1-1)']);
  });
});

describe('a mixed PDF (page 1 born-digital, page 2 a scan)', () => {
  it('reads page 1 from its text layer and page 2 from the Textract words of page 2, one case each', async () => {
    const pdf = await pdfOfPages([{ pdfPage: generated('cms1500-example9-flat.pdf') }, { scan: example1Scan() }]);
    const classified = await upload('mixed-1', pdf);
    const first = await extractStep.run(classified, services());
    expect(first).toMatchObject({ needsTextract: true, claimCount: 0 });

    // Textract reads every page of the PDF. Its page 1 is made to disagree with the text layer (another claim's
    // words): the text layer must win there, and page 2's words must land on page 2.
    const decoy: Word[] = await wordsOfBornDigitalPage(generated('cms1500-example11-flat.pdf'));
    const scanned = await wordsOfBornDigitalPage(generated('cms1500-example1-flat.pdf'));
    jobReturns('job-mixed-1', detectionResults(new Map([[1, decoy], [2, scanned]]), { blocksPerResponse: 400 }));
    const resumed = await readWithTextract(first, 'job-mixed-1');
    const second = await extractStep.run(resumed, services());
    expect(second).toMatchObject({ claimCount: 2, halted: false, needsTextract: false });

    const document = await cases.getDocument(classified.documentId);
    const [fromText, fromScan] = await Promise.all(document!.caseIds.map((id) => cases.getCase(id)));
    expect(fromText?.bill.totalChargeCents).toBe(example9Truth.totalChargeCents);
    expect(chargesOf(fromText!.bill.lines)).toEqual(chargesOf(example9Truth.lines));
    expect(fromText?.bill.provenance['totalChargeCents']).toMatchObject({ engine: 'pdf-text', page: 1 });
    expect(fromScan?.bill.totalChargeCents).toBe(example1Truth.totalChargeCents);
    expect(chargesOf(fromScan!.bill.lines)).toEqual(chargesOf(example1Truth.lines));
    expect(fromScan?.bill.provenance['totalChargeCents']).toMatchObject({ engine: 'textract', page: 2 });
  });
});

describe('a born-digital PDF', () => {
  it('is read in one pass and never costs a Textract job', async () => {
    const classified = await upload('digital-1', generated('cms1500-example9-flat.pdf'));
    const state = await extractStep.run(classified, services());
    expect(state).toMatchObject({ claimCount: 1, needsTextract: false, textractJobId: null });
    expect(textract.calls()).toHaveLength(0);
  });
});
