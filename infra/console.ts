// The review console: static files in a private bucket behind CloudFront (origin access control, HTTPS only,
// security headers). The files come from web/ once it exists, else from infra/console-placeholder/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from './bundling.ts';

/** The console's root page: a build's index.html when the console ships one; otherwise the placeholder page. */
export function consoleRoot(): string {
  const web = join(PROJECT_ROOT, 'web', 'dist');
  return existsSync(join(web, 'index.html')) ? web : join(PROJECT_ROOT, 'infra', 'console-placeholder');
}

/** web/assets (CSS, JS, icons) served at /assets/* by CloudFront; the pages are rendered by the review API. */
export const CONSOLE_ASSETS_DIR = join(PROJECT_ROOT, 'web', 'assets');

export interface ConsoleHostingProps {
  accessLogs: IBucket;
  key: IKey;
  logRetention: RetentionDays;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distributionLogs: Bucket;
  readonly distribution: Distribution;
  readonly url: string;
  private readonly props: ConsoleHostingProps;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.props = props;
    // The console's files are public code (no PHI): SSE-S3 keeps the data key out of CloudFront's reach.
    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console-files/',
      lifecycleRules: [{ id: 'expire-old-builds', noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFront standard logs are delivered with ACLs, which the PHI log bucket (owner-enforced) refuses.
    const distributionLogs = (this.distributionLogs = new Bucket(this, 'DistributionLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console-distribution-logs/',
      lifecycleRules: [{ id: 'expire-distribution-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    }));

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Parley console security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            `connect-src 'self' https://*.execute-api.${Aws.REGION}.amazonaws.com https://cognito-idp.${Aws.REGION}.amazonaws.com https://*.auth.${Aws.REGION}.amazoncognito.com`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            `form-action 'self' https://*.auth.${Aws.REGION}.amazoncognito.com`,
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: 'no-cache', override: false }],
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Parley review console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // A single-page app: unknown paths render index.html, which routes on the client.
      errorResponses: [{ httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.minutes(1) }],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: distributionLogs,
      logFilePrefix: 'console/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the console files plus config.json (API URL, sign-in settings) the console reads at start. */
  deploy(config: Record<string, string>): BucketDeployment {
    return new BucketDeployment(this, 'Deploy', {
      sources: [
        Source.asset(consoleRoot()),
        // Only web/assets/, uploaded under assets/ (the folder's own name in web/).
        ...(existsSync(CONSOLE_ASSETS_DIR) ? [Source.asset(join(CONSOLE_ASSETS_DIR, '..'), { exclude: ['*', '!assets', '!assets/**'] })] : []),
        Source.jsonData('config.json', config),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      prune: true,
      logGroup: new LogGroup(this, 'DeployLogs', { retention: this.props.logRetention, encryptionKey: this.props.key, removalPolicy: RemovalPolicy.RETAIN }),
    });
  }
}
