// Production OCR for image documents: Amazon Textract, synchronous for one page and asynchronous (Start*/Get*,
// NextToken paging) for more, mapped onto the same Bill through the shared words layer and expense mapping.
// Born-digital PDFs and 837s never come here.
import {
  AnalyzeDocumentCommand,
  AnalyzeExpenseCommand,
  GetDocumentAnalysisCommand,
  GetExpenseAnalysisCommand,
  StartDocumentAnalysisCommand,
  StartExpenseAnalysisCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import { UnreadableDocument, type ExtractionResult } from '../extraction-result.ts';
import { readWordPages } from './index.ts';
import { pagesFromBlocks, type BlockLike } from './textract/blocks.ts';
import { billFromExpense, type ExpenseDocumentLike } from './textract/expense.ts';

/** Where an async job reads the document from (Textract's async APIs take S3 objects only). */
export interface S3Location {
  bucket: string;
  key: string;
  version?: string;
}

export interface TextractReaderOptions {
  client: TextractClient;
  /** Between status polls of an async job (tests use 0; on AWS the SNS notification replaces polling). */
  pollIntervalMs?: number;
  /** Give up on an async job after this long. */
  maxWaitMs?: number;
}

/** Results per page of Get* calls: Textract allows at most 20 for expense analysis. */
export const TEXTRACT_PAGE_SIZE = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A ClientRequestToken from the object: 1-64 of [a-zA-Z0-9-_], the same for a redelivered event. */
export function requestToken(location: S3Location): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${location.bucket}/${location.key}@${location.version ?? ''}`) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ ch.charCodeAt(0), 0x5bd1e995) >>> 0;
  }
  return `parley-${h1.toString(16)}${h2.toString(16)}`.slice(0, 64);
}

export function createTextractReader(options: TextractReaderOptions) {
  const { client } = options;
  const poll = options.pollIntervalMs ?? 2_000;
  const maxWait = options.maxWaitMs ?? 15 * 60_000;

  async function collect<T extends { JobStatus?: string; NextToken?: string; StatusMessage?: string }>(
    get: (nextToken: string | undefined) => Promise<T>,
    jobId: string,
  ): Promise<T[]> {
    const started = Date.now();
    let first = await get(undefined);
    while (first.JobStatus === 'IN_PROGRESS') {
      if (Date.now() - started > maxWait) throw new UnreadableDocument(`Textract job ${jobId} did not finish in time`, 'document', 'NEEDS_REVIEW');
      await sleep(poll);
      first = await get(undefined);
    }
    if (first.JobStatus === 'FAILED')
      throw new UnreadableDocument(`Textract could not read the document (${first.StatusMessage ?? 'job failed'})`, 'document', 'NEEDS_REVIEW');
    const pages = [first];
    for (let token = first.NextToken; token; ) {
      const next = await get(token);
      pages.push(next);
      token = next.NextToken;
    }
    return pages;
  }

  return {
    /** AnalyzeExpense on a one-page image held in memory. */
    async expenseOfPage(bytes: Uint8Array): Promise<ExpenseDocumentLike[]> {
      const out = await client.send(new AnalyzeExpenseCommand({ Document: { Bytes: bytes } }));
      return out.ExpenseDocuments ?? [];
    },

    /** Starts an async expense analysis of a multi-page document in S3 (idempotent per object). */
    async startExpense(location: S3Location, notification?: { snsTopicArn: string; roleArn: string }): Promise<string> {
      const out = await client.send(
        new StartExpenseAnalysisCommand({
          DocumentLocation: { S3Object: { Bucket: location.bucket, Name: location.key, Version: location.version } },
          ClientRequestToken: requestToken(location),
          JobTag: 'parley-intake',
          NotificationChannel: notification ? { SNSTopicArn: notification.snsTopicArn, RoleArn: notification.roleArn } : undefined,
        }),
      );
      if (!out.JobId) throw new UnreadableDocument('Textract returned no job id', 'document', 'NEEDS_REVIEW');
      return out.JobId;
    },

    /** Every page of a finished (or finishing) expense job, following NextToken. */
    async collectExpense(jobId: string): Promise<ExpenseDocumentLike[]> {
      const pages = await collect((token) => client.send(new GetExpenseAnalysisCommand({ JobId: jobId, MaxResults: TEXTRACT_PAGE_SIZE, NextToken: token })), jobId);
      return pages.flatMap((p) => p.ExpenseDocuments ?? []);
    },

    /** AnalyzeDocument (FORMS, TABLES) on a one-page image held in memory. */
    async blocksOfPage(bytes: Uint8Array): Promise<BlockLike[]> {
      const out = await client.send(new AnalyzeDocumentCommand({ Document: { Bytes: bytes }, FeatureTypes: ['FORMS', 'TABLES'] }));
      return out.Blocks ?? [];
    },

    async startDocument(location: S3Location, notification?: { snsTopicArn: string; roleArn: string }): Promise<string> {
      const out = await client.send(
        new StartDocumentAnalysisCommand({
          DocumentLocation: { S3Object: { Bucket: location.bucket, Name: location.key, Version: location.version } },
          FeatureTypes: ['FORMS', 'TABLES'],
          ClientRequestToken: requestToken(location),
          JobTag: 'parley-intake',
          NotificationChannel: notification ? { SNSTopicArn: notification.snsTopicArn, RoleArn: notification.roleArn } : undefined,
        }),
      );
      if (!out.JobId) throw new UnreadableDocument('Textract returned no job id', 'document', 'NEEDS_REVIEW');
      return out.JobId;
    },

    async collectDocument(jobId: string): Promise<BlockLike[]> {
      const pages = await collect((token) => client.send(new GetDocumentAnalysisCommand({ JobId: jobId, MaxResults: TEXTRACT_PAGE_SIZE, NextToken: token })), jobId);
      return pages.flatMap((p) => p.Blocks ?? []);
    },
  };
}

export type TextractReader = ReturnType<typeof createTextractReader>;

/**
 * Reads an image document with Textract: forms (CMS-1500, UB-04) and tables through AnalyzeDocument's words, and
 * when those are not a form, the itemized statement through AnalyzeExpense. One page in memory goes synchronous;
 * more pages go asynchronous from S3.
 */
export async function readWithTextract(
  reader: TextractReader,
  input: { bytes: Uint8Array; pages: number; location?: S3Location },
): Promise<ExtractionResult> {
  const asynchronous = input.pages > 1;
  if (asynchronous && !input.location) throw new UnreadableDocument('a multi-page image must be in S3 for Textract', 'document', 'NEEDS_REVIEW');
  const blocks = asynchronous ? await reader.collectDocument(await reader.startDocument(input.location!)) : await reader.blocksOfPage(input.bytes);
  try {
    const result = await readWordPages(pagesFromBlocks(blocks));
    if (result.bills.some((b) => b.sourceFormat === 'cms1500' || b.sourceFormat === 'ub04')) return result;
  } catch (error) {
    if (!(error instanceof UnreadableDocument)) throw error;
  }
  const expense = asynchronous ? await reader.collectExpense(await reader.startExpense(input.location!)) : await reader.expenseOfPage(input.bytes);
  const { bill, problems } = billFromExpense(expense, 0);
  if (bill.lines.length === 0) throw new UnreadableDocument('not a bill: Textract found no form and no line items', `pages 1-${input.pages}`);
  return { bills: [bill], problems };
}
