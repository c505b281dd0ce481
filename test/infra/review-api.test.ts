// Reviewers sign in with MFA through Cognito; the API accepts only their JWTs; the console is served privately by
// CloudFront with security headers.
import { describe, expect, it } from 'vitest';
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

  it('has the groups negotiator, supervisor and provider', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g: any) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...USER_GROUPS].sort());
    expect([...USER_GROUPS].sort()).toEqual(['negotiator', 'provider', 'supervisor']);
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

  it('serves with a function that may read cases and letters but write nothing', () => {
    const actions = statementsOf(template, 'ReviewApi/Handler/Function').flatMap((s) => asList<string>(s.Action));
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
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
    // config.json's values are filled in at deploy time from these references.
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
