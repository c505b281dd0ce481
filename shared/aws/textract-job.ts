// Reads an asynchronous Textract text-detection job: starts it idempotently, and pages its result by NextToken.
import {
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  type Block,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { ObjectRef } from '../model/document.ts';

export type TextractJobStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'PARTIAL_SUCCESS';

export interface TextractJob {
  jobId: string;
  status: TextractJobStatus;
  /** Why the job failed, as Textract says it (no document content). */
  statusMessage: string | null;
  pages: number;
  blocks: Block[];
  warnings: string[];
}

export interface TextractNotificationChannel {
  topicArn: string;
  /** The role Textract assumes to publish the completion to the topic. */
  roleArn: string;
}

/** ClientRequestToken and JobTag allow 1-64 chars of [a-zA-Z0-9-_]; document ids are 12 base32 chars. */
const TOKEN = /^[a-zA-Z0-9_-]{1,64}$/;

export class InvalidTextractToken extends Error {
  override readonly name = 'InvalidTextractToken';
}

/**
 * Starts text detection on the object. The document id is the ClientRequestToken, so a retried start returns the
 * first job's id instead of paying for a second job.
 */
export async function startTextDetection(
  textract: TextractClient,
  source: ObjectRef,
  documentId: string,
  channel: TextractNotificationChannel,
): Promise<string> {
  if (!TOKEN.test(documentId)) throw new InvalidTextractToken(`document id ${documentId} is not a valid Textract ClientRequestToken`);
  const response = await textract.send(
    new StartDocumentTextDetectionCommand({
      DocumentLocation: { S3Object: { Bucket: source.bucket, Name: source.key, Version: source.versionId ?? undefined } },
      ClientRequestToken: documentId,
      JobTag: documentId,
      NotificationChannel: { SNSTopicArn: channel.topicArn, RoleArn: channel.roleArn },
    }),
  );
  if (!response.JobId) throw new Error('Textract returned no JobId');
  return response.JobId;
}

/** The job's status only (one small page of results). */
export async function textractJobStatus(textract: TextractClient, jobId: string): Promise<TextractJobStatus> {
  const response = await textract.send(new GetDocumentTextDetectionCommand({ JobId: jobId, MaxResults: 1 }));
  return (response.JobStatus ?? 'IN_PROGRESS') as TextractJobStatus;
}

/** Every block of a finished job, following NextToken until Textract has no more pages of results. */
export async function readTextractJob(textract: TextractClient, jobId: string): Promise<TextractJob> {
  const blocks: Block[] = [];
  const warnings: string[] = [];
  let nextToken: string | undefined;
  let status: TextractJobStatus = 'IN_PROGRESS';
  let statusMessage: string | null = null;
  let pages = 0;
  do {
    const response = await textract.send(new GetDocumentTextDetectionCommand({ JobId: jobId, NextToken: nextToken }));
    status = (response.JobStatus ?? 'IN_PROGRESS') as TextractJobStatus;
    statusMessage = response.StatusMessage ?? null;
    pages = response.DocumentMetadata?.Pages ?? pages;
    blocks.push(...(response.Blocks ?? []));
    for (const warning of response.Warnings ?? []) warnings.push(`${warning.ErrorCode ?? 'warning'} on pages ${(warning.Pages ?? []).join(', ')}`);
    nextToken = status === 'IN_PROGRESS' ? undefined : response.NextToken;
  } while (nextToken);
  return { jobId, status, statusMessage, pages, blocks, warnings };
}
