// X12 837 intake: read 837P/837I files into Bills (whole or streamed), acknowledge them with a 999, send repriced 837s back.
export { read837, stream837 } from './read.ts';
export { build999, type Build999Options } from './ack-999.ts';
export { buildRepriced837, type ClaimRepricing, type RepricedOptions } from './repriced-837.ts';
export type {
  ElementNote,
  GroupSummary,
  InterchangeSummary,
  Read837Result,
  SegmentNote,
  TransactionStatus,
  TransactionSummary,
  X12ReadEvent,
} from './summary.ts';
export { SegmentTokenizer, type Separators } from './tokenizer.ts';
