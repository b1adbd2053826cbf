/**
 * The edge serves exactly the routes of shared/definitions/routes.ts, each on its function
 * and, where protected, behind the Lambda authorizer; WAF in front; throttles per route,
 * public documents cached; logs and traces carry no personal data; every alarm notifies the
 * alarm topic, and every service that may publish to it is scoped to this account.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS_NAMESPACE } from '#infra/constructs/monitoring.ts';
import { defaultParameters } from '#infra/parameters.ts';
import { identityProviderParameters } from '#infra/sealedRecordsStack.ts';
import { allowedMethods, type RouteDefinition, routes } from '#shared/definitions/routes.ts';
import { edgeProblems } from '#shared/http/problem.ts';
import {
  keyPolicyStatements,
  onlyResourceOfType,
  type PolicyStatementJson,
  resourcesOfType,
  type Synthesized,
  synthesize,
} from './support.ts';
import { type TemplateJson, templateValues } from './templateValues.ts';

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

/** Every method the edge should have: each route, and HEAD beside each GET. */
const expectedMethods = (routes as readonly RouteDefinition[]).flatMap((route) =>
  (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]).map((method) => ({
    method,
    route,
  })),
);

/** `/v1/records` as API Gateway's method settings spell it: `/~1v1~1records`. */
const settingsPath = (path: string) => `/${path.replaceAll('/', '~1')}`;

function stageResource() {
  return onlyResourceOfType(synthesized.template, 'AWS::ApiGateway::Stage');
}

type MethodSetting = Record<string, unknown> & { ResourcePath: string; HttpMethod: string };
const methodSettings = () => stageResource().Properties.MethodSettings as MethodSetting[];

describe('Public edge: one REST API, no second hop', () => {
  it('has exactly the routes of routes.ts (HEAD beside every GET), each on its function', () => {
    const { edge, functions } = synthesized.stack;
    expect([...edge.methods.keys()].sort()).toEqual(
      expectedMethods.map(({ method, route }) => `${method} ${route.path}`).sort(),
    );
    // Independently of the constructs: no other method in the template (no proxy), but the
    // `ANY` of each path, which answers 405.
    const methods = resourcesOfType(synthesized.template, 'AWS::ApiGateway::Method');
    const paths = new Set(routes.map((route) => route.path));
    expect(Object.keys(methods)).toHaveLength(expectedMethods.length + paths.size);
    for (const { method, route } of expectedMethods) {
      const created = edge.methods.get(`${method} ${route.path}`);
      const resource = methods[synthesized.logicalId(created as never)];
      expect(resource?.Properties.HttpMethod).toBe(method);
      const integration = resource?.Properties.Integration as { Type: string; Uri: unknown };
      expect(integration.Type).toBe('AWS_PROXY');
      const fn = functions.get(route.function.name);
      expect(JSON.stringify(integration.Uri)).toContain(
        JSON.stringify(synthesized.arnOf(fn as never)),
      );
    }
  });

  it('answers a method a resource does not serve with 405 and Allow, reaching no function', () => {
    const { edge } = synthesized.stack;
    const methods = resourcesOfType(synthesized.template, 'AWS::ApiGateway::Method');
    const paths = [...new Set(routes.map((route) => route.path))];
    expect([...edge.wrongMethods.keys()].sort()).toEqual(paths.sort());
    for (const path of paths) {
      const allow = allowedMethods(path);
      const properties = methods[synthesized.logicalId(edge.wrongMethods.get(path) as never)]
        ?.Properties as Record<string, unknown>;
      expect(properties).toMatchObject({ HttpMethod: 'ANY', AuthorizationType: 'NONE' });
      const integration = properties.Integration as {
        Type: string;
        IntegrationResponses: {
          StatusCode: string;
          SelectionPattern?: string;
          ResponseParameters: Record<string, string>;
          ResponseTemplates: Record<string, string>;
        }[];
      };
      expect(integration.Type).toBe('MOCK');
      expect(integration.IntegrationResponses).toHaveLength(1);
      const [answer] = integration.IntegrationResponses;
      expect(answer?.StatusCode).toBe('405');
      expect(answer?.SelectionPattern).toBeUndefined();
      expect(answer?.ResponseParameters['method.response.header.allow']).toBe(
        `'${allow.join(', ')}'`,
      );
      expect(answer?.ResponseParameters['method.response.header.content-type']).toBe(
        "'application/problem+json'",
      );
      expect(JSON.parse(answer?.ResponseTemplates['application/json'] ?? '')).toMatchObject({
        status: 405,
        code: 'method-not-allowed',
      });
      // Every method the route definitions name is explicit, so ANY never shadows one.
      for (const method of allow) expect(edge.methods.has(`${method} ${path}`)).toBe(true);
    }
  });

  it('puts every protected route behind the Lambda authorizer, and only those', () => {
    const { edge } = synthesized.stack;
    const authorizerId = { Ref: synthesized.logicalId(edge.authorizer as never) };
    const methods = resourcesOfType(synthesized.template, 'AWS::ApiGateway::Method');
    for (const { method, route } of expectedMethods) {
      const created = edge.methods.get(`${method} ${route.path}`);
      const properties = methods[synthesized.logicalId(created as never)]?.Properties;
      if (route.auth.kind === 'jwt') {
        expect(properties).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: authorizerId,
        });
      } else {
        expect(properties?.AuthorizationType).toBe('NONE');
        expect(properties?.AuthorizerId).toBeUndefined();
      }
    }
  });

  it('authorizes per token, method and route: a cached answer never serves another route', () => {
    const authorizer = onlyResourceOfType(synthesized.template, 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,context.httpMethod,context.resourcePath',
      AuthorizerResultTtlInSeconds: 60,
    });
    const fn = synthesized.stack.functions.get('authorizer');
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(
      JSON.stringify(synthesized.arnOf(fn as never)),
    );
  });

  it('takes the identity providers as required parameters: no default, HTTPS only', () => {
    const parameters = synthesized.template.toJSON().Parameters as Record<
      string,
      { Default?: unknown; AllowedPattern: string; Description: string }
    >;
    for (const { id, variable } of identityProviderParameters) {
      const parameter = parameters[id];
      expect(parameter?.Default, id).toBeUndefined();
      const pattern = new RegExp(parameter?.AllowedPattern ?? '');
      expect(pattern.test(''), id).toBe(false);
      if (id.endsWith('Audience')) expect(pattern.test('sealed-records-api')).toBe(true);
      else {
        expect(pattern.test('http://login.example.gov.cn'), id).toBe(false);
        expect(pattern.test('https://login.example.gov.cn/realms/citizens'), id).toBe(true);
      }
      // Only the authorizer learns them, and from the parameter itself.
      for (const fn of synthesized.stack.functions.values()) {
        const env = (
          synthesized.template.toJSON().Resources[synthesized.logicalId(fn)].Properties
            .Environment as { Variables: Record<string, unknown> }
        ).Variables;
        if (fn.definition.authorizes) expect(env[variable.name]).toEqual({ Ref: id });
        else expect(env[variable.name]).toBeUndefined();
      }
    }
  });

  it('keeps no trace of the mutual-TLS origin: no HTTP API, client certificate or truststore', () => {
    for (const type of [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::DomainName',
      'AWS::ApiGateway::ClientCertificate',
      'Custom::AWS',
    ]) {
      expect(Object.keys(resourcesOfType(synthesized.template, type)), type).toEqual([]);
    }
    // The only buckets are the bulk import's (files and the access logs of those): no truststore.
    expect(Object.keys(resourcesOfType(synthesized.template, 'AWS::S3::Bucket')).sort()).toEqual(
      [
        synthesized.logicalId(synthesized.stack.bulkImport.bucket),
        synthesized.logicalId(synthesized.stack.bulkImport.accessLogs),
      ].sort(),
    );
    expect(stageResource().Properties.ClientCertificateId).toBeUndefined();
  });

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
    synthesized.template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: defaultParameters.issuerDomain,
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
  });

  it('records no client IP in traces: X-Ray off on the stage, execution logs off', () => {
    const stage = stageResource().Properties;
    expect(stage.TracingEnabled).not.toBe(true);
    expect(methodSettings()).toContainEqual(
      expect.objectContaining({
        ResourcePath: '/*',
        HttpMethod: '*',
        LoggingLevel: 'OFF',
        DataTraceEnabled: false,
      }),
    );
  });

  it('throttles each route that names its limits, the stage the rest', () => {
    const stage = stageResource().Properties;
    expect(methodSettings()).toContainEqual(
      expect.objectContaining({
        ResourcePath: '/*',
        HttpMethod: '*',
        ThrottlingRateLimit: defaultParameters.apiRateLimit,
        ThrottlingBurstLimit: defaultParameters.apiBurstLimit,
      }),
    );
    expect(stage).toBeDefined();
    const throttled = (routes as readonly RouteDefinition[]).filter((route) => route.throttle);
    expect(throttled.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/v1/records', '/v1/certificates', '/v1/trust-bundle']),
    );
    for (const route of throttled) {
      expect(methodSettings()).toContainEqual(
        expect.objectContaining({
          ResourcePath: settingsPath(route.path),
          HttpMethod: route.method,
          ThrottlingRateLimit: route.throttle?.rateLimit,
          ThrottlingBurstLimit: route.throttle?.burstLimit,
        }),
      );
    }
    // Certificates and public documents no longer share one limit.
    const limitOf = (path: string) =>
      methodSettings().find((s) => s.ResourcePath === settingsPath(path))?.ThrottlingRateLimit;
    expect(limitOf('/v1/certificates')).toBeDefined();
    expect(limitOf('/v1/trust-bundle')).toBeDefined();
  });

  it('caches the public documents, encrypted, and nothing a token is needed for', () => {
    expect(stageResource().Properties.CacheClusterEnabled).toBe(true);
    // Off for every method, said explicitly: no default can cache one caller's answer for another.
    expect(methodSettings()).toContainEqual(
      expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: false }),
    );
    const cached = methodSettings().filter((setting) => setting.CachingEnabled === true);
    const cachedRoutes = (routes as readonly RouteDefinition[]).filter(
      (route) => route.cacheSeconds !== undefined,
    );
    expect(cached.map((s) => `${s.HttpMethod} ${s.ResourcePath}`).sort()).toEqual(
      cachedRoutes.map((route) => `GET ${settingsPath(route.path)}`).sort(),
    );
    for (const route of cachedRoutes) {
      expect(route.auth.kind, route.path).toBe('public');
      expect(route.method, route.path).toBe('GET');
    }
    for (const setting of cached) {
      expect(setting).toMatchObject({ CacheDataEncrypted: true, CacheTtlInSeconds: 300 });
    }
    expect(cachedRoutes.map((route) => route.path)).toEqual(
      expect.arrayContaining([
        '/.well-known/did.json',
        '/v1/trust-bundle',
        '/contexts/no-criminal-record/v1',
        '/openapi.json',
      ]),
    );
  });

  it("answers its own refusals with the API's problem documents", () => {
    const responses = Object.values(
      resourcesOfType(synthesized.template, 'AWS::ApiGateway::GatewayResponse'),
    );
    expect(responses.map((r) => r.Properties.ResponseType).sort()).toEqual(
      Object.keys(edgeProblems).sort(),
    );
    for (const response of responses) {
      const problem = edgeProblems[response.Properties.ResponseType as keyof typeof edgeProblems];
      expect(response.Properties.StatusCode).toBe(String(problem.status));
      expect(response.Properties.ResponseParameters).toMatchObject({
        'gatewayresponse.header.content-type': "'application/problem+json'",
      });
      const body = JSON.parse(
        (response.Properties.ResponseTemplates as Record<string, string>)['application/json'] ?? '',
      );
      expect(body).toMatchObject({ status: problem.status, code: problem.code });
    }
    // A dependency failure at the edge is a 503 with Retry-After, like the handlers'.
    const failure = responses.find((r) => r.Properties.ResponseType === 'AUTHORIZER_FAILURE');
    expect(failure?.Properties.StatusCode).toBe('503');
    expect(failure?.Properties.ResponseParameters).toHaveProperty(
      'gatewayresponse.header.retry-after',
    );
  });

  it('invokes each function only from its own routes; queue-, function-, schedule- and state-machine-invoked ones get none', () => {
    const permissions = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Lambda::Permission'),
    );
    const routed = new Set((routes as readonly RouteDefinition[]).map((r) => r.function.name));
    for (const fn of synthesized.stack.functions.values()) {
      const own = permissions.filter(
        (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(synthesized.arnOf(fn)),
      );
      if (fn.definition.authorizes) {
        expect(own).toHaveLength(1);
      } else if (!routed.has(fn.definition.name)) {
        expect(own, fn.definition.name).toEqual([]);
        expect(
          fn.definition.consumes ??
            fn.definition.produces ??
            fn.definition.schedule ??
            fn.definition.invokedBy,
        ).toBeDefined();
      } else {
        expect(own, fn.definition.name).toHaveLength(1);
      }
      for (const permission of own) {
        expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
        expect(permission.Properties.SourceArn).toBeDefined();
      }
      if (fn.definition.authorizes || !routed.has(fn.definition.name)) continue;
      // One permission, for this API's edge stage only (any of its methods and paths): the
      // routes are confined by the integrations, asserted in the first test of this file.
      const values = templateValues(synthesized.template.toJSON() as TemplateJson, {
        region: synthesized.stack.region,
      });
      const { restApi } = synthesized.stack.edge;
      const api = values.text({ Ref: synthesized.logicalId(restApi) });
      const stage = values.text({ Ref: synthesized.logicalId(restApi.deploymentStage) });
      const granted = own.map((p) =>
        values.text(p.Properties.SourceArn).replace(/^arn:[^:]+:execute-api:[^:]+:\d+:/, ''),
      );
      expect(granted, fn.definition.name).toEqual([`${api}/${stage}/*/*`]);
    }
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
      'RateLimitIssuancePerClientIp',
      'RateLimitPerAgencyAddress',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const agencies = {
      IPSetReferenceStatement: {
        Arn: {
          'Fn::GetAtt': [synthesized.logicalId(synthesized.stack.edge.agencyNetworks), 'Arn'],
        },
      },
    };
    const rate = (limit: number, scopeDown: object) => ({
      RateBasedStatement: { Limit: limit, AggregateKeyType: 'IP', ScopeDownStatement: scopeDown },
    });
    // Outside the agencies' networks: every route per IP, and the issuance routes tighter.
    expect(rules[1]?.Statement).toEqual(
      rate(defaultParameters.edgeRateLimitPerIp, { NotStatement: { Statement: agencies } }),
    );
    const startsWith = (prefix: string) => ({
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: 'STARTS_WITH',
        SearchString: prefix,
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    });
    expect(rules[2]?.Statement).toEqual(
      rate(defaultParameters.edgeRateLimitIssuancePerIp, {
        AndStatement: {
          Statements: [
            { NotStatement: { Statement: agencies } },
            {
              OrStatement: {
                Statements: [startsWith('/v1/certificates'), startsWith('/v1/wallet/')],
              },
            },
          ],
        },
      }),
    );
    // Many officials behind one NAT: the agencies' addresses have a limit of their own.
    expect(rules[3]?.Statement).toEqual(
      rate(defaultParameters.edgeRateLimitPerAgencyNetwork, agencies),
    );
    expect(defaultParameters.edgeRateLimitPerAgencyNetwork).toBeGreaterThan(
      defaultParameters.edgeRateLimitPerIp,
    );
    synthesized.template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Addresses: defaultParameters.agencyNetworks,
    });
  });

  it('writes access logs without personal data', () => {
    const format = (stageResource().Properties.AccessLogSetting as { Format: string }).Format;
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

  it('watch functions, tables (throttles, system errors), edge 5xx, 4xx spikes, latency, WAF blocks, KMS, the sealing queue, schedules and the audit log', () => {
    const { monitoring, functions } = synthesized.stack;
    const ids = monitoring.alarms.map((alarm) => alarm.node.id).sort();
    const perFunction = [...functions.values()].flatMap((fn) => {
      const name = fn.node.id.replace(/Function$/, '');
      return [
        // The authorizer's 401s are Lambda errors: its alarm counts logged failures instead.
        fn.definition.authorizes
          ? `${name}FailuresOrThrottlesAlarm`
          : `${name}ErrorsOrThrottlesAlarm`,
        ...(fn.definition.schedule ? [`${name}MissedRunAlarm`] : []),
      ];
    });
    const perTable = synthesized.stack.tables.all.flatMap(({ definition }) => [
      `${definition.logicalName}TableThrottlesAlarm`,
      `${definition.logicalName}TableSystemErrorsAlarm`,
    ]);
    expect(ids).toEqual(
      [
        ...perFunction,
        ...perTable,
        'Edge5xxAlarm',
        'EdgeLatencyP99Alarm',
        'Edge4xxSpikeAlarm',
        'EdgeWafBlockedAlarm',
        'KmsSymmetricRequestRateAlarm',
        'KmsEccRequestRateAlarm',
        'KmsThrottlingAlarm',
        'SealingWorkDeadLettersAlarm',
        'SealingWorkMessageAgeAlarm',
        'SchedulerTargetErrorCountAlarm',
        'SchedulerInvocationDroppedCountAlarm',
        'AuditEntriesTamperedAlarm',
        'AuditSequencerFailuresAlarm',
        'AuditSequencerIteratorAgeAlarm',
        'OverdueInquiriesAlarm',
        'OverdueNoticesAlarm',
        'OverdueReviewsAlarm',
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
    synthesized.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "authorizer failed" }',
      LogGroupName: {
        Ref: synthesized.logicalId(
          [...functions.values()].find((fn) => fn.definition.authorizes)?.functionLogGroup as never,
        ),
      },
    });
    // One alarm per function: its failures and its throttles in five minutes, added up.
    for (const fn of functions.values()) {
      const name = fn.node.id.replace(/Function$/, '');
      const alarmId = fn.definition.authorizes
        ? `${name}FailuresOrThrottlesAlarm`
        : `${name}ErrorsOrThrottlesAlarm`;
      const alarm = monitoring.alarms.find((a) => a.node.id === alarmId);
      if (!alarm) throw new Error(`no ${alarmId}`);
      const properties = synthesized.template.toJSON().Resources[synthesized.logicalId(alarm)]
        .Properties as { AlarmDescription: string; Metrics: Record<string, unknown>[] };
      expect(properties.AlarmDescription).toContain(fn.definition.name);
      const ofThisFunction = [{ Name: 'FunctionName', Value: { Ref: synthesized.logicalId(fn) } }];
      expect(properties).toMatchObject({
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(properties.Metrics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Expression: 'FILL(failures, 0) + FILL(throttles, 0)',
            ReturnData: true,
          }),
          expect.objectContaining({
            Id: 'failures',
            MetricStat: expect.objectContaining({
              Metric: fn.definition.authorizes
                ? { Namespace: OPERATIONS_NAMESPACE, MetricName: 'AuthorizerFailures' }
                : { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: ofThisFunction },
              Period: 300,
              Stat: 'Sum',
            }),
          }),
          expect.objectContaining({
            Id: 'throttles',
            MetricStat: expect.objectContaining({
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'Throttles',
                Dimensions: ofThisFunction,
              },
              Period: 300,
              Stat: 'Sum',
            }),
          }),
        ]),
      );
      expect(properties.Metrics).toHaveLength(3);
    }
    // An audit entry changed after it was written: at the first finding.
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'AuditEntriesTampered',
      Namespace: 'SealedRecords',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});

describe('Service principals', () => {
  const conditionKeys = (statement: { Condition?: Record<string, Record<string, unknown>> }) =>
    Object.values(statement.Condition ?? {}).flatMap((c) => Object.keys(c));

  it('publish to the alarm topic, and use its key, only for this account and their sources', () => {
    const { monitoring, keys } = synthesized.stack;
    const topicPolicies = Object.values(
      resourcesOfType(synthesized.template, 'AWS::SNS::TopicPolicy'),
    );
    const statements = topicPolicies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
    );
    const services = statements.filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('Service'),
    );
    expect(services.map((s) => (s.Principal as { Service: string }).Service).sort()).toEqual([
      'cloudwatch.amazonaws.com',
      'events.amazonaws.com',
    ]);
    for (const statement of services) {
      expect(conditionKeys(statement)).toEqual(
        expect.arrayContaining(['aws:SourceAccount', 'aws:SourceArn']),
      );
    }
    expect(monitoring.alarmTopic).toBeDefined();
    const keyStatements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(keys.observabilityKey),
    ).filter((s) => JSON.stringify(s.Principal).includes('Service'));
    expect(keyStatements.length).toBeGreaterThanOrEqual(3);
    for (const statement of keyStatements) {
      const keysOfCondition = conditionKeys(statement);
      // CloudWatch Logs: the encryption context names the log group, so account and region.
      expect(
        keysOfCondition.includes('aws:SourceAccount') ||
          keysOfCondition.includes('kms:EncryptionContext:aws:logs:arn'),
        JSON.stringify(statement),
      ).toBe(true);
    }
  });
});
