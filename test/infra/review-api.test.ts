// Reviewers sign in with MFA through Cognito; the API accepts only their JWTs; the console is served privately by
// CloudFront with security headers.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { existsSync } from 'node:fs';
import { CONSOLE_ASSETS_DIR } from '#infra/console.ts';
import { OFFER_SENDER_DOMAIN, PUBLIC_ROUTES, USER_GROUPS } from '#infra/review-api.ts';
import { arnText, asList, logicalIdAt, resourceAt, statementsOf, synthParley } from './synth.ts';

const { template } = synthParley();
const json = template.toJSON() as { Resources: Record<string, any> };

describe('the user pool', () => {
  const pool = resourceAt(template, 'AWS::Cognito::UserPool', 'ReviewApi/Users/Resource').Properties as Record<string, any>;

  it('requires MFA (authenticator app, not SMS) and has no self sign-up', () => {
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
  });

  it('enforces threat protection and a strong password policy', () => {
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 14, RequireSymbols: true, RequireNumbers: true });
    expect(pool.DeletionProtection).toBe('ACTIVE');
  });

  it('has the groups the router maps to roles: negotiator, supervisor, provider, admin', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g: any) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...USER_GROUPS].sort());
    expect([...USER_GROUPS].sort()).toEqual(['admin', 'negotiator', 'provider', 'supervisor']);
  });

  it("keeps a provider user's TIN in the custom attribute the router reads (custom:provider_tin)", () => {
    expect(pool.Schema).toContainEqual(expect.objectContaining({ Name: 'provider_tin', AttributeDataType: 'String', Mutable: true }));
  });

  it('signs the console in with the authorization code flow, returning to the CloudFront URL', () => {
    const client = resourceAt(template, 'AWS::Cognito::UserPoolClient', 'ReviewApi/Users/Console/Resource').Properties as Record<string, any>;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.GenerateSecret).toBe(false);
    expect(arnText(client.CallbackURLs)).toMatch(/^https:\/\/\{Console.*\.DomainName\}\/auth\/callback$/);
  });
});

describe('the HTTP API', () => {
  const apiId = logicalIdAt(template, 'AWS::ApiGatewayV2::Api', 'ReviewApi/Api/Resource');

  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties);

  it('sends every route to the router, behind the Cognito JWT authorizer', () => {
    const authorizer = resourceAt(template, 'AWS::ApiGatewayV2::Authorizer', 'ReviewApi/Api/CognitoJwt/Resource').Properties;
    expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(arnText(authorizer.JwtConfiguration.Issuer)).toMatch(/^https:\/\/cognito-idp\.\{AWS::Region\}\.amazonaws\.com\/\{ReviewApiUsers/);
    expect(arnText(authorizer.JwtConfiguration.Audience)).toContain('ReviewApiUsersConsole');
    const guarded = routes.filter((r) => r.AuthorizationType === 'JWT').map((r) => r.RouteKey).sort();
    expect(guarded).toEqual(['ANY /{proxy+}', 'GET /']);
    for (const route of routes) expect(route.ApiId).toEqual({ Ref: apiId });
  });

  it('leaves only the sign-in flow and the health check without a token', () => {
    const open = routes.filter((r) => r.AuthorizationType === 'NONE').map((r) => r.RouteKey).sort();
    expect(open).toEqual(PUBLIC_ROUTES.map((p) => `GET ${p}`).sort());
  });

  it('has no CORS: the console and the API share the CloudFront origin', () => {
    expect(json.Resources[apiId].Properties.CorsConfiguration).toBeUndefined();
  });

  it('logs access to an encrypted log group, throttled', () => {
    const stage = resourceAt(template, 'AWS::ApiGatewayV2::Stage', 'ReviewApi/Stage/Resource').Properties as Record<string, any>;
    expect(stage.StageName).toBe('$default');
    expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(stage.AccessLogSettings.Format)).toHaveProperty('requestId', '$context.requestId');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it('serves with a function that reads originals and letters, and writes letters, uploads and work/ files only', () => {
    const statements = statementsOf(template, 'ReviewApi/Handler/Function').filter((s) => asList<string>(s.Action).some((a) => a.startsWith('s3:')));
    const documentsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource');
    const lettersId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Letters/Resource');
    const resourcesFor = (action: string) =>
      statements.filter((s) => asList<string>(s.Action).includes(action)).flatMap((s) => asList(s.Resource).map(arnText)).sort();
    expect(resourcesFor('s3:GetObject')).toEqual(
      [`{${documentsId}.Arn}/intake/*`, `{${documentsId}.Arn}/work/attachments/*`, `{${documentsId}.Arn}/work/pages/*`, `{${lettersId}.Arn}/*`].sort(),
    );
    expect(resourcesFor('s3:PutObject')).toEqual(
      [`{${documentsId}.Arn}/intake/upload/*`, `{${documentsId}.Arn}/work/attachments/*`, `{${documentsId}.Arn}/work/pages/*`, `{${lettersId}.Arn}/*`].sort(),
    );
  });

  it('emails offers only from the negotiator domain of config/letters.json', () => {
    const ses = statementsOf(template, 'ReviewApi/Handler/Function').filter((s) => asList<string>(s.Action).includes('ses:SendEmail'));
    expect(ses.flatMap((s) => asList(s.Resource).map(arnText))).toEqual([expect.stringMatching(new RegExp(`:identity/${OFFER_SENDER_DOMAIN.replace(/\./g, '\\.')}$`))]);
    expect(OFFER_SENDER_DOMAIN).toBe('parley.example');
  });

  it('lets the console origin PUT presigned uploads into the documents bucket', () => {
    const documents = resourceAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource').Properties;
    expect(documents.CorsConfiguration.CorsRules).toHaveLength(1);
    expect(documents.CorsConfiguration.CorsRules[0].AllowedMethods).toEqual(['PUT']);
    expect(arnText(documents.CorsConfiguration.CorsRules[0].AllowedOrigins)).toMatch(/^https:\/\/\{Console.*\.DomainName\}$/);
  });

  it('takes the supervisor limit from context when the deployment sets one', () => {
    const other = synthParley({ 'parley:supervisorApprovalCents': '5000000' }).template;
    const env = resourceAt(other, 'AWS::Lambda::Function', 'ReviewApi/Handler/Function/Resource').Properties.Environment.Variables;
    expect(env.PARLEY_SUPERVISOR_APPROVAL_CENTS).toBe('5000000');
  });

  it('gets the settings the router needs: documents bucket, console origin, sign-in, supervisor limit', () => {
    const env = resourceAt(template, 'AWS::Lambda::Function', 'ReviewApi/Handler/Function/Resource').Properties.Environment.Variables;
    expect(env.PARLEY_COGNITO_CLIENT_ID).toEqual({ Ref: logicalIdAt(template, 'AWS::Cognito::UserPoolClient', 'ReviewApi/Users/Console/Resource') });
    expect(arnText(env.PARLEY_COGNITO_DOMAIN)).toMatch(/\.auth\.\{AWS::Region\}\.amazoncognito\.com$/);
    expect(arnText(env.PARLEY_UPLOAD_ORIGIN)).toMatch(/^https:\/\/\{StorageDocuments.*\}\.s3\.\{AWS::Region\}\.amazonaws\.com$/);
    expect(env.PARLEY_SUPERVISOR_APPROVAL_CENTS).toBe(String(readCaseSettings(fileURLToPath(new URL('../../config/cases.json', import.meta.url))).supervisorApprovalAboveCents));
    expect(arnText(env.PARLEY_CONSOLE_ORIGIN)).toMatch(/^https:\/\/\{Console.*\.DomainName\}$/);
    expect(env.PARLEY_DOCUMENTS_BUCKET).toEqual({ Ref: logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource') });
  });
});

describe('the console hosting', () => {
  const distribution = resourceAt(template, 'AWS::CloudFront::Distribution', 'Console/Distribution/Resource').Properties.DistributionConfig;
  const origins = distribution.Origins as Record<string, any>[];
  const originOf = (behavior: Record<string, any>) => origins.find((o) => o.Id === behavior.TargetOriginId)!;

  it('sends pages and API calls to the HTTP API over HTTPS, uncached, with the cookie-to-Authorization function', () => {
    const behavior = distribution.DefaultCacheBehavior;
    expect(arnText(originOf(behavior).DomainName)).toContain(logicalIdAt(template, 'AWS::ApiGatewayV2::Api', 'ReviewApi/Api/Resource'));
    expect(originOf(behavior).CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.AllowedMethods).toHaveLength(7);
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    const fn = resourceAt(template, 'AWS::CloudFront::Function', 'Console/CookieToAuthorization/Resource').Properties;
    expect(fn.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fn.FunctionCode).toContain("request.cookies['parley_id']");
    expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [logicalIdAt(template, 'AWS::CloudFront::Function', 'Console/CookieToAuthorization/Resource'), 'FunctionARN'] } }]);
  });

  it('serves /assets/* from the private bucket through origin access control', () => {
    const assets = (distribution.CacheBehaviors as Record<string, any>[]).find((b) => b.PathPattern === '/assets/*')!;
    expect(originOf(assets).OriginAccessControlId).toBeDefined();
    expect(arnText(originOf(assets).DomainName)).toContain('ConsoleFiles');
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const bucket = resourceAt(template, 'AWS::S3::Bucket', 'Console/Files/Resource').Properties;
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  it('adds HSTS and nosniff everywhere, and frame options and CSP only where the router sets none', () => {
    const policy = resourceAt(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'Console/SecurityHeaders/Resource').Properties.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig;
    expect(policy.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
    expect(policy.ContentTypeOptions.Override).toBe(true);
    expect(policy.FrameOptions).toEqual({ FrameOption: 'DENY', Override: false });
    expect(policy.ContentSecurityPolicy.Override).toBe(false);
    const policyId = { Ref: logicalIdAt(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'Console/SecurityHeaders/Resource') };
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual(policyId);
  });

  it('has no custom error page (CloudFront refuses one for 401)', () => {
    expect(distribution.CustomErrorResponses).toBeUndefined();
  });

  it('uploads web/assets under assets/ and invalidates them', () => {
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as Record<string, any>;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: logicalIdAt(template, 'AWS::S3::Bucket', 'Console/Files/Resource') },
      DestinationBucketKeyPrefix: 'assets/',
      DistributionPaths: ['/assets/*'],
    });
    expect(existsSync(CONSOLE_ASSETS_DIR)).toBe(true);
  });
});
