/**
 * The HTTP API serves exactly the routes of shared/definitions/routes.ts with the right
 * authorizer, only behind the WAF-protected edge; logs carry no personal data; every alarm
 * notifies the alarm topic.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultParameters } from '#infra/parameters.ts';
import { routes } from '#shared/definitions/routes.ts';
import { onlyResourceOfType, resourcesOfType, type Synthesized, synthesize } from './support.ts';

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

/** Context variables that would put personal data or secrets into an access log line. */
const FORBIDDEN_LOG_VARIABLES = [
  '$context.identity.sourceIp',
  '$context.identity.userAgent',
  '$context.path',
  '$context.resourcePath',
  '$context.authorizer.claims',
  '$context.authorizer.principalId',
  '$context.identity.clientCert',
  '$method.request',
  '$input',
  'header',
  'querystring',
];

describe('HTTP API', () => {
  it('has exactly the routes of routes.ts, each with its authorizer and function', () => {
    const { api } = synthesized.stack;
    const authorizerId = {
      Ref: synthesized.logicalId(api.httpApi.node.findChild('AgencyOidcAuthorizer')),
    };
    const routeResources = Object.values(
      resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Route'),
    );
    expect(routeResources.map((route) => route.Properties.RouteKey).sort()).toEqual(
      routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    const integrations = resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::Integration');
    for (const route of routes) {
      const resource = routeResources.find(
        (candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      if (route.auth.kind === 'jwt') {
        expect(resource?.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: authorizerId,
        });
      } else {
        expect(resource?.Properties.AuthorizationType).toBe('NONE');
        expect(resource?.Properties.AuthorizerId).toBeUndefined();
      }
      const target = resource?.Properties.Target as { 'Fn::Join': [string, unknown[]] };
      const integrationId = (target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const fn = synthesized.stack.functions.get(route.function.name);
      expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual(
        synthesized.arnOf(fn as never),
      );
    }
  });

  it('validates tokens of the configured OIDC issuer and audience', () => {
    synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: defaultParameters.oidcIssuer,
        Audience: [...defaultParameters.oidcAudience],
      },
    });
  });

  it('is reachable only through its mutual-TLS domain: execute-api endpoint disabled', () => {
    synthesized.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      DisableExecuteApiEndpoint: true,
    });
    const domain = Object.values(
      resourcesOfType(synthesized.template, 'AWS::ApiGatewayV2::DomainName'),
    );
    expect(domain).toHaveLength(1);
    expect(domain[0]?.Properties).toMatchObject({
      DomainName: `origin.${defaultParameters.issuerDomain}`,
      MutualTlsAuthentication: {
        TruststoreUri: {
          'Fn::Join': [
            '',
            [
              's3://',
              { Ref: expect.stringMatching(/^EdgeClientCertificateTruststoreBucket/) },
              '/edge-client-certificate.pem',
            ],
          ],
        },
        TruststoreVersion: {
          'Fn::GetAtt': [
            expect.stringMatching(/^EdgeClientCertificateWriteTruststore/),
            'VersionId',
          ],
        },
      },
      DomainNameConfigurations: [expect.objectContaining({ SecurityPolicy: 'TLS_1_2' })],
    });
  });

  it('throttles its stage and writes access logs without personal data', () => {
    const stage = onlyResourceOfType(synthesized.template, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: defaultParameters.apiRateLimit,
      ThrottlingBurstLimit: defaultParameters.apiBurstLimit,
    });
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    expect(JSON.parse(format)).toHaveProperty('requestId', '$context.requestId');
    for (const variable of FORBIDDEN_LOG_VARIABLES) expect(format).not.toContain(variable);
  });
});

describe('Public edge', () => {
  it('is a regional REST API whose only stage is protected by the web ACL', () => {
    const { edge } = synthesized.stack;
    synthesized.template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      DisableExecuteApiEndpoint: true,
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    synthesized.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: synthesized.arnOf(edge.webAcl),
      ResourceArn: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([{ Ref: synthesized.logicalId(edge.restApi.deploymentStage) }]),
        ],
      }),
    });
    const stages = Object.values(resourcesOfType(synthesized.template, 'AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(1);
  });

  it('presents the client certificate the origin truststore holds, and forwards every path', () => {
    const certificates = Object.keys(
      resourcesOfType(synthesized.template, 'AWS::ApiGateway::ClientCertificate'),
    );
    expect(certificates).toHaveLength(1);
    synthesized.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      ClientCertificateId: { Ref: certificates[0] },
      MethodSettings: Match.arrayWith([
        Match.objectLike({ LoggingLevel: 'OFF', DataTraceEnabled: false }),
      ]),
    });
    synthesized.template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      Integration: {
        Type: 'HTTP_PROXY',
        Uri: `https://origin.${defaultParameters.issuerDomain}/{proxy}`,
      },
    });
    synthesized.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: defaultParameters.issuerDomain,
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('replaces the client certificate, truststore included, when its generation is bumped', () => {
    const rotated = synthesize({ edgeClientCertificateGeneration: '2' });
    const [certificate, ...others] = Object.keys(
      resourcesOfType(rotated.template, 'AWS::ApiGateway::ClientCertificate'),
    );
    expect(others).toEqual([]);
    expect(certificate).toMatch(/^EdgeClientCertificateCertificate2/);
    rotated.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      ClientCertificateId: { Ref: certificate },
    });
    // The SDK call that copies the PEM into the truststore reads the new certificate.
    rotated.template.hasResourceProperties('Custom::AWS', {
      Update: { 'Fn::Join': ['', Match.arrayWith([{ Ref: certificate }])] },
    });
  });

  it('blocks bad reputations, per-IP floods, common exploits and known bad inputs', () => {
    const acl =
      synthesized.template.toJSON().Resources[synthesized.logicalId(synthesized.stack.edge.webAcl)];
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Properties.Rules as { Name: string; Statement: Record<string, unknown> }[];
    expect(rules.map((rule) => rule.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'RateLimitPerClientIp',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(rules[1]?.Statement).toEqual({
      RateBasedStatement: { Limit: defaultParameters.edgeRateLimitPerIp, AggregateKeyType: 'IP' },
    });
  });

  it('writes access logs without personal data', () => {
    const stage = onlyResourceOfType(synthesized.template, 'AWS::ApiGateway::Stage');
    const format = (stage.Properties.AccessLogSetting as { Format: string }).Format;
    expect(JSON.parse(format)).toHaveProperty('requestId', '$context.requestId');
    for (const variable of FORBIDDEN_LOG_VARIABLES) expect(format).not.toContain(variable);
  });
});

describe('Alarms', () => {
  it('all notify the encrypted alarm topic, on alarm and on recovery', () => {
    const topic = { Ref: synthesized.logicalId(synthesized.stack.monitoring.alarmTopic) };
    const alarms = Object.values(resourcesOfType(synthesized.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
    }
    synthesized.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: synthesized.arnOf(synthesized.stack.keys.observabilityKey),
    });
  });

  it('watch function errors and throttles, API 5xx and p99 latency, KMS throttling and dead letters', () => {
    const { monitoring, functions } = synthesized.stack;
    const ids = monitoring.alarms.map((alarm) => alarm.node.id).sort();
    const perFunction = [...functions.values()].flatMap((fn) => {
      const name = fn.node.id.replace(/Function$/, '');
      return [`${name}ErrorsAlarm`, `${name}ThrottlesAlarm`];
    });
    expect(ids).toEqual(
      [
        ...perFunction,
        'Api5xxAlarm',
        'ApiLatencyP99Alarm',
        'Edge5xxAlarm',
        'KmsSymmetricRequestRateAlarm',
        'KmsEccRequestRateAlarm',
        'KmsThrottlingAlarm',
        'SealingWorkDeadLettersAlarm',
        'OverdueInquiriesAlarm',
        'OverdueNoticesAlarm',
        'OverdueOpinionsAlarm',
      ].sort(),
    );
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'AWS/Usage',
              MetricName: 'CallCount',
              Dimensions: Match.arrayWith([
                { Name: 'Resource', Value: 'CryptographicOperationsEcc' },
              ]),
            },
          }),
        }),
      ]),
      Threshold: defaultParameters.kmsEccQuotaPerSecond * defaultParameters.kmsQuotaAlarmRatio,
    });
    synthesized.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.dependency = "kms") && ($.causeName = "ThrottlingException") }',
    });
  });
});
