// The single source of truth for Parley's table and buckets: the CDK stack and the local runtime both build from it.

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Logical name; locally the physical name, on AWS CloudFormation picks the physical name. */
  name: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalIndexes: IndexDefinition[];
  timeToLiveAttribute: string;
}

/**
 * One table, keys designed for these access patterns:
 * - a case, its history, its document: pk = CASE#id / DOC#id, sk = CASE | EVENT#time#seq | DOC
 * - cases by status ordered by deadline (also documents by status): gsi1
 * - cases by provider TIN: gsi2
 * - a negotiator's queue ordered by deadline (also the documents of one submission): gsi3
 */
export const PARLEY_TABLE: TableDefinition = {
  name: 'parley-cases',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    { indexName: 'byStatus', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    { indexName: 'byProviderTin', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    { indexName: 'byAssignee', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
  ],
  timeToLiveAttribute: 'expiresAt',
};

export interface BucketDefinition {
  /** Logical id; locally also the bucket name. */
  name: string;
  purpose: string;
}

export const DOCUMENTS_BUCKET: BucketDefinition = {
  name: 'parley-documents',
  purpose: 'Originals as received (intake/), acknowledgments and working files. Originals are never deleted by the pipeline.',
};

export const LETTERS_BUCKET: BucketDefinition = {
  name: 'parley-letters',
  purpose: 'Offer letters and settlement agreements, versioned per case.',
};

export const BUCKETS: readonly BucketDefinition[] = [DOCUMENTS_BUCKET, LETTERS_BUCKET];

/** Objects created under this prefix of the documents bucket start a workflow. */
export const INTAKE_PREFIX = 'intake/';
export const INTAKE_UPLOAD_PREFIX = 'intake/upload/';
export const INTAKE_EMAIL_PREFIX = 'intake/email/';
export const INTAKE_EDI_PREFIX = 'intake/edi/';
/** Documents split out of an email message by the email intake. */
export const INTAKE_ATTACHMENTS_PREFIX = 'intake/attachments/';
