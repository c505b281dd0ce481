// Reviewers sign in with MFA through Cognito; the API accepts only their JWTs; the console is served privately by
// CloudFront with security headers.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readCaseSettings } from '#shared/cases/case-settings.ts';
import { existsSync } from 'node:fs';
import { CONSOLE_ASSETS_DIR } from '#infra/console.ts';
import { USER_GROUPS } from '#infra/review-api.ts';
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
    expect(arnText(client.CallbackURLs)).toMatch(/^https:\/\/\{Console.*\.DomainName\}\/$/);
  });
});

describe('the HTTP API', () => {
  const apiId = logicalIdAt(template, 'AWS::ApiGatewayV2::Api', 'ReviewApi/Api/Resource');

  it('routes /api/* to the router function behind the Cognito JWT authorizer', () => {
    const authorizer = resourceAt(template, 'AWS::ApiGatewayV2::Authorizer', 'ReviewApi/Api/CognitoJwt/Resource').Properties as Record<string, any>;
    expect(authorizer).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(arnText(authorizer.JwtConfiguration.Issuer)).toMatch(/^https:\/\/cognito-idp\.\{AWS::Region\}\.amazonaws\.com\/\{ReviewApiUsers/);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r: any) => r.Properties);
    const apiRoutes = routes.filter((r) => r.RouteKey.includes('/api/'));
    expect(apiRoutes.length).toBeGreaterThan(0);
    for (const route of apiRoutes) expect(route).toMatchObject({ ApiId: { Ref: apiId }, AuthorizationType: 'JWT' });
    expect(routes.every((r) => r.AuthorizationType === 'JWT')).toBe(true);
  });

  it('allows the console origin only', () => {
    const api = json.Resources[apiId].Properties;
    expect(arnText(api.CorsConfiguration.AllowOrigins)).toMatch(/^https:\/\/\{Console.*\.DomainName\}$/);
  });

  it('logs access to an encrypted log group, throttled', () => {
    const stage = resourceAt(template, 'AWS::ApiGatewayV2::Stage', 'ReviewApi/Stage/Resource').Properties as Record<string, any>;
    expect(stage.StageName).toBe('$default');
    expect(stage.AccessLogSettings.DestinationArn).toBeDefined();
    expect(JSON.parse(stage.AccessLogSettings.Format)).toHaveProperty('requestId', '$context.requestId');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });

  it('serves with a function that reads originals and letters, and writes objects only under work/', () => {
    const statements = statementsOf(template, 'ReviewApi/Handler/Function').filter((s) => asList<string>(s.Action).some((a) => a.startsWith('s3:')));
    const documentsId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource');
    const lettersId = logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Letters/Resource');
    const resourcesFor = (action: string) =>
      statements.filter((s) => asList<string>(s.Action).includes(action)).flatMap((s) => asList(s.Resource).map(arnText)).sort();
    expect(resourcesFor('s3:GetObject')).toEqual(
      [`{${documentsId}.Arn}/intake/*`, `{${documentsId}.Arn}/work/attachments/*`, `{${documentsId}.Arn}/work/pages/*`, `{${lettersId}.Arn}/*`].sort(),
    );
    expect(resourcesFor('s3:PutObject')).toEqual([`{${documentsId}.Arn}/work/attachments/*`, `{${documentsId}.Arn}/work/pages/*`]);
  });

  it('takes the supervisor limit from context when the deployment sets one', () => {
    const other = synthParley({ 'parley:supervisorApprovalCents': '5000000' }).template;
    const env = resourceAt(other, 'AWS::Lambda::Function', 'ReviewApi/Handler/Function/Resource').Properties.Environment.Variables;
    expect(env.PARLEY_SUPERVISOR_APPROVAL_CENTS).toBe('5000000');
  });

  it('gets the settings the router needs: documents bucket, console origin, supervisor limit', () => {
    const env = resourceAt(template, 'AWS::Lambda::Function', 'ReviewApi/Handler/Function/Resource').Properties.Environment.Variables;
    expect(env.PARLEY_SUPERVISOR_APPROVAL_CENTS).toBe(String(readCaseSettings(fileURLToPath(new URL('../../config/cases.json', import.meta.url))).supervisorApprovalAboveCents));
    expect(arnText(env.PARLEY_CONSOLE_ORIGIN)).toMatch(/^https:\/\/\{Console.*\.DomainName\}$/);
    expect(env.PARLEY_DOCUMENTS_BUCKET).toEqual({ Ref: logicalIdAt(template, 'AWS::S3::Bucket', 'Storage/Documents/Resource') });
  });
});

describe('the console hosting', () => {
  const distribution = resourceAt(template, 'AWS::CloudFront::Distribution', 'Console/Distribution/Resource').Properties.DistributionConfig as Record<string, any>;

  it('reaches a private bucket through origin access control, HTTPS only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(distribution.Origins[0].OriginAccessControlId).toBeDefined();
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const bucket = resourceAt(template, 'AWS::S3::Bucket', 'Console/Files/Resource').Properties as Record<string, any>;
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  it('sends security headers: HSTS, no framing, no sniffing, a content security policy', () => {
    const policy = resourceAt(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'Console/SecurityHeaders/Resource').Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig as Record<string, any>;
    expect(policy.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(policy.FrameOptions.FrameOption).toBe('DENY');
    expect(policy.ContentTypeOptions.Override).toBe(true);
    expect(arnText(policy.ContentSecurityPolicy.ContentSecurityPolicy)).toMatch(/frame-ancestors 'none'/);
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: logicalIdAt(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'Console/SecurityHeaders/Resource') });
  });

  it('deploys the console files with a config.json naming the API and the sign-in settings', () => {
    const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0] as Record<string, any>;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: logicalIdAt(template, 'AWS::S3::Bucket', 'Console/Files/Resource') },
      DistributionPaths: ['/index.html', '/config.json'],
    });
    // The root page, web/assets (when present) and config.json, whose values are filled in at deploy time.
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(existsSync(CONSOLE_ASSETS_DIR) ? 3 : 2);
    const references = (deployment.Properties.SourceMarkers as Record<string, unknown>[]).flatMap((m) => Object.values(m)).map(arnText);
    expect(references).toEqual(
      expect.arrayContaining([
        `{${logicalIdAt(template, 'AWS::ApiGatewayV2::Api', 'ReviewApi/Api/Resource')}.ApiEndpoint}`,
        `{${logicalIdAt(template, 'AWS::Cognito::UserPool', 'ReviewApi/Users/Resource')}}`,
        `{${logicalIdAt(template, 'AWS::Cognito::UserPoolClient', 'ReviewApi/Users/Console/Resource')}}`,
      ]),
    );
  });
});
