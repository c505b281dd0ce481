// The review API: an HTTP API whose every route needs a Cognito JWT (MFA-required pool, groups negotiator,
// supervisor, provider), served by the same Hono router the local server runs.
import { join } from 'node:path';
import { Arn, ArnFormat, Aws, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_COGNITO_SETTINGS } from '#shared/api/auth/cognito-claims.ts';
import { readLetterSettings } from '#shared/config/settings-files.ts';
import { INTAKE_PREFIX, INTAKE_UPLOAD_PREFIX } from '#shared/storage/definitions.ts';
import { offerSender } from '#functions/runtime/case-service.ts';
import { ENV } from '#functions/runtime/environment.ts';
import { grantCaseStore, grantObjectRead, grantObjectWrite } from './access.ts';
import { FUNCTION_BUNDLES, PROJECT_ROOT } from './bundling.ts';
import { ParleyFunction } from './parley-function.ts';

/** The groups the router maps to roles (shared/api/auth/cognito-claims.ts): negotiator, supervisor, provider, admin. */
export const USER_GROUPS = Object.keys(DEFAULT_COGNITO_SETTINGS.groupRoles);
/** A provider user's TIN, which scopes the cases they may see (an ID-token claim, custom:provider_tin). */
export const PROVIDER_TIN_ATTRIBUTE = DEFAULT_COGNITO_SETTINGS.tinClaim.replace(/^custom:/, '');
/** The domain emailed offers are sent from (the SES identity to verify), from config/letters.json. */
export const OFFER_SENDER_DOMAIN = /@([^>\s]+)>?$/.exec(offerSender(readLetterSettings(join(PROJECT_ROOT, 'config'))))![1]!;

/** Routes reachable without a token (the router still applies its own policy to each). */
export const PUBLIC_ROUTES = ['/auth/login', '/auth/callback', '/auth/signed-out', '/api/health'] as const;

/** Where the console caches rendered page images and keeps counteroffer attachments, in the documents bucket. */
export const CONSOLE_WORK_PREFIXES = ['work/pages/', 'work/attachments/'] as const;

export interface ReviewApiProps {
  key: IKey;
  table: ITable;
  documents: IBucket;
  letters: IBucket;
  logRetention: RetentionDays;
  /** The console's origin (https://<distribution>): the sign-in callback's host and the only origin allowed to send changes. */
  consoleUrl: string;
  /** Presigned uploads go there (the documents bucket's regional endpoint), for the console's CSP. */
  uploadOrigin: string;
  supervisorApprovalCents: number;
}

export class ReviewApi extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly api: HttpApi;
  /** The routes without the JWT authorizer (PUBLIC_ROUTES). */
  readonly publicRoutes: HttpRoute[];
  readonly handler: ParleyFunction;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ReviewApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: { [PROVIDER_TIN_ATTRIBUTE]: new StringAttribute({ minLen: 9, maxLen: 10, mutable: true }) },
      // The Plus plan's threat protection: compromised-credential and adaptive-authentication checks, enforced.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of USER_GROUPS) {
      new UserPoolGroup(this, `Group-${group}`, { userPool: this.userPool, groupName: group, description: `Parley role ${DEFAULT_COGNITO_SETTINGS.groupRoles[group]}` });
    }
    this.domain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: `parley-${Aws.ACCOUNT_ID}` } });
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.consoleUrl}/auth/callback`],
        logoutUrls: [`${props.consoleUrl}/`],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    this.handler = new ParleyFunction(this, 'Handler', {
      bundle: FUNCTION_BUNDLES.reviewApi,
      description: 'Parley review API and console pages behind the Cognito JWT authorizer',
      key: props.key,
      logRetention: props.logRetention,
      timeout: Duration.seconds(29),
      memorySize: 512,
      environment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.documentsBucket]: props.documents.bucketName,
        [ENV.lettersBucket]: props.letters.bucketName,
        [ENV.supervisorApprovalCents]: String(props.supervisorApprovalCents),
        [ENV.consoleOrigin]: props.consoleUrl,
        [ENV.uploadOrigin]: props.uploadOrigin,
        [ENV.cognitoClientId]: this.client.userPoolClientId,
        [ENV.cognitoDomain]: `${this.domain.domainName}.auth.${Aws.REGION}.amazoncognito.com`,
      },
    });
    // Reads cases and writes the access log (a case.read event per view) and nothing else in the table.
    grantCaseStore(this.handler.fn, props.table, props.key, 'read-write');
    grantObjectRead(this.handler.fn, props.letters, '', props.key);
    // New letter versions (offer edits, settlements); presigned portal uploads into intake/upload/.
    grantObjectWrite(this.handler.fn, props.letters, '', props.key);
    grantObjectWrite(this.handler.fn, props.documents, INTAKE_UPLOAD_PREFIX, props.key);
    // Emailed offers go out from the negotiator's address in config/letters.json: its domain is the SES identity.
    this.handler.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [Arn.format({ service: 'ses', resource: 'identity', resourceName: OFFER_SENDER_DOMAIN, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(this))],
      }),
    );
    // Originals for page images; the page-image cache and counteroffer attachments under work/.
    grantObjectRead(this.handler.fn, props.documents, INTAKE_PREFIX, props.key);
    for (const prefix of CONSOLE_WORK_PREFIXES) {
      grantObjectRead(this.handler.fn, props.documents, prefix, props.key);
      grantObjectWrite(this.handler.fn, props.documents, prefix, props.key);
    }

    // Same origin as the console (CloudFront forwards to it): no CORS. Every route needs a verified Cognito JWT
    // except the sign-in flow and the health check.
    this.api = new HttpApi(this, 'Api', {
      description: 'Parley review API and console pages',
      createDefaultStage: false,
      defaultAuthorizer: new HttpUserPoolAuthorizer('CognitoJwt', this.userPool, { userPoolClients: [this.client] }),
    });
    const router = new HttpLambdaIntegration('Router', this.handler.fn);
    this.api.addRoutes({ path: '/', methods: [HttpMethod.GET], integration: router });
    this.api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration: router });
    this.publicRoutes = PUBLIC_ROUTES.flatMap((path) =>
      this.api.addRoutes({ path, methods: [HttpMethod.GET], integration: router, authorizer: new HttpNoneAuthorizer() }),
    );

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, encryptionKey: props.key, removalPolicy: RemovalPolicy.RETAIN });
    new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // Who called what and how it went; no query strings or bodies (they may carry identifiers).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            user: '$context.authorizer.claims.sub',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            bytes: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.client.userPoolClientId });
  }
}
