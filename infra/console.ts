// The console on CloudFront: pages and API from the review Lambda (through the HTTP API, with the viewer-request
// function that turns the console's ID-token cookie into the Authorization header the JWT authorizer reads), and the
// static files (web/assets) from a private bucket through origin access control. HTTPS only, security headers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from './bundling.ts';

/** web/assets (CSS, JS, icons), served at /assets/*. */
export const CONSOLE_ASSETS_DIR = join(PROJECT_ROOT, 'web', 'assets');
/** The console's CloudFront Function: the parley_id cookie -> Authorization, token-less pages -> sign-in. */
export const VIEWER_REQUEST_FUNCTION = join(PROJECT_ROOT, 'web', 'cloudfront', 'cookie-to-authorization.js');

export interface ConsoleHostingProps {
  api: HttpApi;
  accessLogs: IBucket;
  key: IKey;
  logRetention: RetentionDays;
}

export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly distributionLogs: Bucket;
  readonly distribution: Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
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
    this.distributionLogs = new Bucket(this, 'DistributionLogs', {
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
    });

    // HSTS, nosniff and the referrer policy always; frame options and CSP only where the origin sets none, because
    // the router sets its own (X-Frame-Options: SAMEORIGIN, frame-ancestors 'self': letters show in a same-origin frame).
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Parley console security headers',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        contentSecurityPolicy: {
          contentSecurityPolicy: ["default-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "object-src 'none'"].join('; '),
          override: false,
        },
      },
    });

    const viewerRequest = new CloudFrontFunction(this, 'CookieToAuthorization', {
      code: FunctionCode.fromFile({ filePath: VIEWER_REQUEST_FUNCTION }),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Console ID-token cookie -> Authorization header; token-less pages -> sign-in',
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Parley review console',
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: viewerRequest, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
      // No custom error page for an expired token: CloudFront's custom error responses do not accept 401, which is
      // what API Gateway's JWT authorizer answers. Token-less pages are redirected by the viewer-request function.
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.distributionLogs,
      logFilePrefix: 'console/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    if (existsSync(CONSOLE_ASSETS_DIR)) {
      new BucketDeployment(this, 'Assets', {
        // spread-total.d.ts types the module for the server's TypeScript; browsers need only the .js.
        sources: [Source.asset(CONSOLE_ASSETS_DIR, { exclude: ['*.d.ts'] })],
        destinationBucket: this.bucket,
        destinationKeyPrefix: 'assets/',
        distribution: this.distribution,
        distributionPaths: ['/assets/*'],
        prune: true,
        logGroup: new LogGroup(this, 'DeployLogs', { retention: props.logRetention, encryptionKey: props.key, removalPolicy: RemovalPolicy.RETAIN }),
      });
    }
  }
}

/** The region-qualified S3 origin presigned uploads go to (for the console's Content-Security-Policy). */
export const uploadOrigin = (bucketName: string) => `https://${bucketName}.s3.${Aws.REGION}.amazonaws.com`;
