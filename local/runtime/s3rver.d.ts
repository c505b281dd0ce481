// s3rver ships no type declarations; s3-local.ts describes the part it uses.
declare module 's3rver' {
  const S3rver: unknown;
  export default S3rver;
}
