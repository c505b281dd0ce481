// The step Lambdas validate the state at the edge, run the shared step with the container's services, and validate
// what it returns; the catch handler turns Step Functions' error into the shared markFailed call.
import './quiet-logs.ts';
import { describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mockClient } from 'aws-sdk-client-mock';
import { GetDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import type { Step } from '#shared/pipeline/step.ts';
import type { PipelineServices } from '#shared/pipeline/services.ts';
import { WorkflowState, initialWorkflowState } from '#shared/pipeline/workflow-state.ts';
import { PIPELINE_STEPS } from '#shared/pipeline/workflow.ts';
import { stepEntry } from '#infra/bundling.ts';
import { once, stepHandler, InvalidWorkflowState } from '#functions/runtime/step-handler.ts';
import { lambdaLogger } from '#functions/runtime/logger.ts';
import { errorOf, markRunFailed } from '#functions/mark-failed/handler.ts';
import { awsDocumentReader } from '#functions/runtime/document-reader.ts';
import { openPdf, pageWords } from '#shared/extract/documents/pdf.ts';
import { createPipelineServices } from '#functions/runtime/pipeline-services.ts';

const source = { bucket: 'docs', key: 'intake/upload/u1/s1/Jane Doe.837', versionId: 'v1', etag: null };
const state = initialWorkflowState({ source }, 'DOC1');
const logger = lambdaLogger('test');

function recordingStep(result: (s: WorkflowState) => unknown): Step & { calls: WorkflowState[] } {
  const calls: WorkflowState[] = [];
  return {
    name: 'Classify',
    description: 'test step',
    input: WorkflowState,
    output: WorkflowState,
    calls,
    run: async (s) => {
      calls.push(s);
      return result(s) as WorkflowState;
    },
  };
}

describe('stepHandler', () => {
  it('runs the step on the parsed state with the services and returns its validated output', async () => {
    const step = recordingStep((s) => ({ ...s, kind: 'x12-837' }));
    const services = { marker: 'services' } as unknown as PipelineServices;
    const run = vi.spyOn(step, 'run');
    const handler = stepHandler(step, () => services, logger);
    const { textractJobId: _omitted, ...withoutDefaulted } = state;
    await expect(handler(withoutDefaulted, { awsRequestId: 'r1' })).resolves.toEqual({ ...state, kind: 'x12-837' });
    expect(run).toHaveBeenCalledWith(state, services);
  });

  it('refuses a state that does not fit, naming the fields but not their values', async () => {
    const step = recordingStep((s) => s);
    const handler = stepHandler(step, () => ({}) as PipelineServices, logger);
    const error = await handler({ ...state, claimCount: -1, source: { ...source, bucket: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidWorkflowState);
    expect((error as Error).message).toBe('Classify input does not match WorkflowState at: source.bucket, claimCount');
    expect(step.calls).toHaveLength(0);
  });

  it('refuses what a step returns when it is not a workflow state', async () => {
    const handler = stepHandler(recordingStep((s) => ({ ...s, halted: 'yes' })), () => ({}) as PipelineServices, logger);
    await expect(handler(state)).rejects.toMatchObject({ name: 'InvalidWorkflowState', direction: 'output', fields: ['halted'] });
  });

  it('builds the services once per container', () => {
    const build = vi.fn(() => ({}));
    const services = once(build);
    services();
    services();
    expect(build).toHaveBeenCalledTimes(1);
  });
});

describe('the step entries', () => {
  it.each(PIPELINE_STEPS.map((s) => [s.name, stepEntry(s)]))('%s has its own Lambda entry running that step (%s)', (name, entry) => {
    const text = readFileSync(new URL(`../../${entry}`, import.meta.url), 'utf8');
    const symbol = `${name.charAt(0).toLowerCase()}${name.slice(1)}Step`;
    expect(text).toContain(`import { ${symbol} } from '#shared/pipeline/steps/`);
    expect(text).toMatch(new RegExp(`stepHandler\\(\\s*${symbol},`));
  });
});

describe('the composition root', () => {
  const env = { PARLEY_TABLE_NAME: 'cases', PARLEY_DOCUMENTS_BUCKET: 'docs', PARLEY_LETTERS_BUCKET: 'letters', PARLEY_CONFIG_DIR: fileURLToPath(new URL('../../config', import.meta.url)) };

  it('names the missing variable when the stack did not set one', () => {
    expect(() => createPipelineServices({ logger, env: { ...env, PARLEY_TABLE_NAME: '' } })).toThrow('environment variable PARLEY_TABLE_NAME is not set');
  });

  it('reads the letter settings (letters.json with letterhead.json) and offer rules only when first used', () => {
    const services = createPipelineServices({ logger, env: { ...env, PARLEY_CONFIG_DIR: '/nowhere' } });
    expect(services.buckets).toEqual({ documents: 'docs', letters: 'letters' });
    expect(() => services.letters).toThrow();
    const configured = createPipelineServices({ logger, env });
    expect(configured.letters.letterhead.organizationName).toBeTruthy();
    expect(configured.letters).toBe(configured.letters);
  });
});

describe('the catch handler', () => {
  it("takes a Lambda error's message out of Step Functions' JSON cause", () => {
    const cause = JSON.stringify({ errorType: 'VersionConflict', errorMessage: 'case DOC1-1 changed', trace: ['at x'] });
    expect(errorOf({ Error: 'VersionConflict', Cause: cause })).toEqual({ name: 'VersionConflict', message: 'case DOC1-1 changed' });
    expect(errorOf({ Error: 'States.Timeout', Cause: 'Task timed out after 300 seconds' })).toEqual({
      name: 'States.Timeout',
      message: 'Task timed out after 300 seconds',
    });
  });

  it('marks the document failed through the shared markFailed with the failed step and error', async () => {
    const updates: unknown[] = [];
    const cases = {
      getDocument: async () => ({ id: 'DOC1', reasons: [], caseIds: [] }),
      updateDocument: async (id: string, change: unknown) => updates.push([id, change]),
    };
    const services = { cases, logger, now: () => new Date('2025-06-01T00:00:00Z') } as unknown as PipelineServices;
    const event = { ...state, failedStep: 'Price', failure: { Error: 'PricingTablesNotFound', Cause: JSON.stringify({ errorMessage: 'no tables' }) } };
    await expect(markRunFailed(event, services)).resolves.toEqual({ documentId: 'DOC1', failedStep: 'Price', error: 'PricingTablesNotFound' });
    expect(updates).toEqual([['DOC1', { status: 'FAILED', reasons: ['Price failed: PricingTablesNotFound: no tables'] }]]);
  });

  it('refuses an event without the failed step', async () => {
    await expect(markRunFailed({ ...state, failure: { Error: 'x' } }, {} as PipelineServices)).rejects.toMatchObject({ name: 'InvalidWorkflowState' });
  });
});

describe('the AWS document reader', () => {
  const textract = mockClient(TextractClient);
  const read = awsDocumentReader(textract as unknown as TextractClient);

  it('reads born-digital PDFs by their text layer, never calling Textract', async () => {
    const pdf = new Uint8Array(readFileSync(new URL('../fixtures/forms/generated/cms1500-example1-flat.pdf', import.meta.url)));
    const truth = JSON.parse(readFileSync(new URL('../fixtures/forms/generated/cms1500-example1.truth.json', import.meta.url), 'utf8'));
    const result = await read(pdf, 'pdf');
    expect(result.bills).toHaveLength(1);
    expect(result.bills[0]!.totalChargeCents).toBe(truth.totalChargeCents);
    expect(textract.calls()).toHaveLength(0);
  });

  it('reports an image that reached Extract without a Textract job as pages needing OCR (Extract then asks for a job)', async () => {
    await expect(read(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'png')).rejects.toMatchObject({ name: 'PagesNeedOcr', pages: [] });
    expect(textract.calls()).toHaveLength(0);
  });

  it('reports the pages of a PDF that have no text layer, without rendering them, when there is no Textract job yet', async () => {
    const { pdfOfPages } = await import('../support/textract-detection.ts');
    const flat = new Uint8Array(readFileSync(new URL('../fixtures/forms/generated/cms1500-example1-flat.pdf', import.meta.url)));
    const pdf = await pdfOfPages([{ pdfPage: flat }, { blank: true }, { pdfPage: flat }, { blank: true }]);
    await expect(read(pdf, 'pdf')).rejects.toMatchObject({ name: 'PagesNeedOcr', pages: [2, 4], where: 'pages 2, 4' });
  });

  it('does not ask Textract to read a scanned PDF longer than the pages Parley reads (the job would bill every page)', async () => {
    const { pdfOfPages } = await import('../support/textract-detection.ts');
    const pdf = await pdfOfPages(Array.from({ length: 51 }, () => ({ blank: true as const })));
    await expect(read(pdf, 'pdf')).rejects.toMatchObject({ name: 'UnreadableDocument', where: 'the whole file (51 pages)', disposition: 'NEEDS_REVIEW' });
    expect(textract.calls()).toHaveLength(0);
  });

  it('reads an image bill from the words of its Textract job, without decoding the image', async () => {
    // Textract's answer for a photographed CMS-1500: the words of the born-digital form, as WORD blocks.
    const pdf = await openPdf(new Uint8Array(readFileSync(new URL('../fixtures/forms/generated/cms1500-example1-flat.pdf', import.meta.url))));
    const words = (await pageWords(pdf.doc, 1)).words;
    await pdf.close();
    const truth = JSON.parse(readFileSync(new URL('../fixtures/forms/generated/cms1500-example1.truth.json', import.meta.url), 'utf8'));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-ok' }).resolves({
      JobStatus: 'SUCCEEDED',
      DocumentMetadata: { Pages: 1 },
      Blocks: words.map((w) => ({
        BlockType: 'WORD',
        Text: w.text,
        Page: 1,
        Confidence: 99,
        Geometry: { BoundingBox: { Left: w.bbox.left, Top: w.bbox.top, Width: w.bbox.width, Height: w.bbox.height } },
      })),
    });
    const notAnImageAnyLibraryCouldDecode = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const result = await read(notAnImageAnyLibraryCouldDecode, 'png', { textractJobId: 'job-ok' });
    expect(result.bills).toHaveLength(1);
    expect(result.bills[0]!.totalChargeCents).toBe(truth.totalChargeCents);
    expect(result.bills[0]!.lines.map((l) => l.chargeCents)).toEqual(truth.lines.map((l: { chargeCents: number }) => l.chargeCents));
    expect(result.bills[0]!.provenance['totalChargeCents']?.engine).toBe('textract');
  });

  it("sends an image whose Textract job failed to review, with Textract's reason", async () => {
    textract.on(GetDocumentTextDetectionCommand).resolves({ JobStatus: 'FAILED', StatusMessage: 'UNSUPPORTED_DOCUMENT' });
    await expect(read(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'png', { textractJobId: 'job-9' })).rejects.toMatchObject({
      name: 'UnreadableDocument',
      disposition: 'NEEDS_REVIEW',
      message: 'Textract could not read the image: UNSUPPORTED_DOCUMENT',
    });
  });
});

describe('the deadline sweep handler', () => {
  it("sweeps with today's date (UTC) and reports what moved", async () => {
    const { sweep } = await import('#functions/deadline-sweep/handler.ts');
    const days: string[] = [];
    const result = await sweep(async (today) => {
      days.push(today);
      return { today, examined: 3, moved: [{ caseId: 'A-1', action: 'expire', to: 'EXPIRED' }], conflicts: [] } as never;
    }, new Date('2025-06-01T23:30:00-05:00'));
    expect(days).toEqual(['2025-06-02']);
    expect(result.examined).toBe(3);
  });
});
