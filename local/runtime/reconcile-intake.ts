// After a crash, objects may sit in intake/ whose ObjectCreated event was never turned into a run (the process died
// between the upload and the start). On start-up every intake object is offered to the starter again; the run names
// make that a no-op for everything already started. On AWS, the SQS queue between S3 and the start function is what
// keeps such events.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import pMap from 'p-map';
import { startWorkflowForObject, type WorkflowStarter } from '#shared/intake/start-workflow.ts';
import { INTAKE_PREFIX } from '#shared/storage/definitions.ts';

export async function reconcileIntake(s3: S3Client, bucket: string, starter: WorkflowStarter): Promise<number> {
  let started = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: INTAKE_PREFIX, ContinuationToken: token }));
    const outcomes = await pMap(
      page.Contents ?? [],
      (object) => startWorkflowForObject({ bucket, key: object.Key!, versionId: null, etag: object.ETag ?? null }, starter),
      { concurrency: 8 },
    );
    started += outcomes.filter((o) => o === 'started').length;
    token = page.NextContinuationToken;
  } while (token);
  return started;
}
