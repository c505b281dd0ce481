// How much one email message may hold before Parley stops reading it (each limit is named in the refusal).

export interface EmailLimits {
  /** SES's S3 action stores messages up to 40 MB; the local listener refuses larger ones at SMTP time. */
  maxMessageBytes: number;
  /** One attachment (or one file inside an archive), decoded. */
  maxFileBytes: number;
  /** Files taken from one message, archives' contents included. */
  maxFiles: number;
  /** Entries one ZIP archive may list. */
  maxZipEntries: number;
  /** Bytes one ZIP archive may expand to, all entries together. */
  maxZipExpandedBytes: number;
  /** Expanded size / compressed size of one entry: above it the entry is treated as a compression bomb. */
  maxZipRatio: number;
  /** An archive inside an archive inside the message is depth 2. */
  maxZipDepth: number;
  /** An inline image this small or smaller is a logo or signature picture, not a bill. */
  maxIgnoredInlineImageBytes: number;
}

export const DEFAULT_EMAIL_LIMITS: EmailLimits = {
  maxMessageBytes: 40 * 1024 * 1024,
  maxFileBytes: 30 * 1024 * 1024,
  maxFiles: 100,
  maxZipEntries: 200,
  maxZipExpandedBytes: 100 * 1024 * 1024,
  maxZipRatio: 100,
  maxZipDepth: 2,
  maxIgnoredInlineImageBytes: 100 * 1024,
};

export const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
