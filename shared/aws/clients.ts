// AWS SDK clients, created once per process; an endpoint override points them at the local stand-ins.
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsEndpoints {
  region?: string;
  /** e.g. http://127.0.0.1:4569 for s3rver; absent on AWS. */
  s3Endpoint?: string;
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; absent on AWS. */
  dynamoEndpoint?: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3Client(endpoints: AwsEndpoints = {}): S3Client {
  if (!endpoints.s3Endpoint) return new S3Client({ region: endpoints.region });
  return new S3Client({
    region: endpoints.region ?? 'us-east-1',
    endpoint: endpoints.s3Endpoint,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    // s3rver stores streamed uploads with aws-chunked framing unless checksums are only sent when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createDynamoDocumentClient(endpoints: AwsEndpoints = {}): DynamoDBDocumentClient {
  const client = endpoints.dynamoEndpoint
    ? new DynamoDBClient({
        region: endpoints.region ?? 'us-east-1',
        endpoint: endpoints.dynamoEndpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new DynamoDBClient({ region: endpoints.region });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
