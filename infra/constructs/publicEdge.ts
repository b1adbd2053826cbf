/**
 * The public edge: the only way in from the internet — a Regional REST API behind an AWS WAF
 * web ACL, its routes made from `shared/definitions/routes.ts`, each integrated with its
 * function directly (no second API behind it).
 *
 * HTTP APIs cannot be associated with a web ACL, and in the AWS China Regions AWS WAF is
 * regional only (CloudFront there cannot carry a web ACL), so the edge is a Regional REST API.
 *
 * - Authentication and the first role check: a Lambda authorizer (REQUEST) verifying the
 *   identity providers' tokens — citizens' and agency staff's, each their own issuer and
 *   audience — and admitting exactly the roles the route names (functions/authorizer). Its
 *   answers are cached per token, method and route template, so a cached Allow is never
 *   reused for another route. The handlers check the roles again.
 * - HEAD is answered on every GET route by the GET route's function (`headLikeGet`).
 * - Per-route throttles (routes.ts `throttle`); public documents served from the stage cache
 *   (routes.ts `cacheSeconds`, the cache encrypted).
 * - No client IP anywhere: access logs without it, web ACL logging off, and no X-Ray on the
 *   stage (API Gateway's trace segments record the caller's address); the functions trace.
 * - The gateway's own answers (401, 403, 404, 413, 429, 503) are the API's problem documents;
 *   a method a resource does not serve is 405 with `Allow` (an `ANY` mock method).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CfnGatewayResponse,
  EndpointType,
  IdentitySource,
  LogGroupLogDestination,
  type Method,
  type MethodDeploymentOptions,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  RequestAuthorizer,
  type Resource,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  allowedMethods,
  binaryMediaTypes,
  type RouteDefinition,
  routes,
} from '#shared/definitions/routes.ts';
import { edgeProblems, problemResponse, problems } from '#shared/http/problem.ts';
import { pascalCase } from '../naming.ts';
import { StageScopedLambdaIntegration } from './stageScopedLambdaIntegration.ts';

/**
 * REST API access-log fields: nothing that identifies a person — no source IP, user agent,
 * path, query string, header or claim. The route template names the route without echoing
 * what the caller typed; WAF metrics count the rest.
 */
export const edgeAccessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  route: '$context.resourceId',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatency: '$context.authorizer.latency',
  wafStatus: '$context.waf.status',
  errorType: '$context.error.responseType',
} as const;

/** How long the authorizer's answer for one token, method and route is reused. */
export const AUTHORIZER_CACHE_TTL = Duration.seconds(60);

export type PublicEdgeProps = {
  /** The did:web host; the edge's custom domain. */
  issuerDomain: string;
  certificate: ICertificate;
  /** The function of each definition name. */
  functions: ReadonlyMap<string, IFunction>;
  /** The API's Lambda authorizer. */
  authorizer: IFunction;
  /** Stage-wide limits; routes with their own `throttle` get those. */
  rateLimit: number;
  burstLimit: number;
  /** Requests per client IP per five minutes before the web ACL blocks that IP. */
  rateLimitPerIp: number;
  /** The same for the citizens' issuance routes (certificates, wallet). */
  rateLimitIssuancePerIp: number;
  /** Agencies' egress networks (IPv4 CIDRs), held to their own limit instead. */
  agencyNetworks: readonly string[];
  /** Requests per agency egress address per five minutes. */
  rateLimitPerAgencyNetwork: number;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
  /** Whether to set the account-wide API Gateway CloudWatch role (REST API logging needs one). */
  manageAccountRole: boolean;
};

/** The stage's method-settings key of a route: `<resource path>/<METHOD>`. */
function methodKey(path: string, method: string): string {
  return `${path}/${method}`;
}

export class PublicEdge extends Construct {
  readonly restApi: RestApi;
  readonly webAcl: CfnWebACL;
  /** The agencies' egress networks, held to their own rate limit. */
  readonly agencyNetworks: CfnIPSet;
  readonly authorizer: RequestAuthorizer;
  /** Every method, by `<METHOD> <path>` (HEAD included). */
  readonly methods = new Map<string, Method>();
  /** Per route path, the `ANY` method answering every other method 405 with `Allow`. */
  readonly wrongMethods = new Map<string, Method>();

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const definitions = routes as readonly RouteDefinition[];

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Caching is off for every method unless a route below turns it on: said explicitly, so
    // that no default can ever serve one caller's answer (a full file) to another.
    const methodOptions: Record<string, MethodDeploymentOptions> = {
      '/*/*': { cachingEnabled: false },
    };
    for (const route of definitions) {
      for (const method of route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]) {
        const options: MethodDeploymentOptions = {
          ...(route.throttle
            ? {
                throttlingRateLimit: route.throttle.rateLimit,
                throttlingBurstLimit: route.throttle.burstLimit,
              }
            : {}),
          ...(route.cacheSeconds !== undefined && method === 'GET'
            ? {
                cachingEnabled: true,
                cacheTtl: Duration.seconds(route.cacheSeconds),
                cacheDataEncrypted: true,
              }
            : {}),
        };
        if (Object.keys(options).length > 0) methodOptions[methodKey(route.path, method)] = options;
      }
    }
    const caching = definitions.some((route) => route.cacheSeconds !== undefined);

    this.restApi = new RestApi(this, 'EdgeRestApi', {
      description: `Public edge of ${props.issuerDomain}: web ACL, authorizer, functions.`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      disableExecuteApiEndpoint: true,
      binaryMediaTypes: [...binaryMediaTypes],
      cloudWatchRole: props.manageAccountRole,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      domainName: {
        domainName: props.issuerDomain,
        certificate: props.certificate,
        endpointType: EndpointType.REGIONAL,
        securityPolicy: SecurityPolicy.TLS_1_2,
      },
      deployOptions: {
        stageName: 'edge',
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        // API Gateway's trace segments record the client's IP address (DESIGN.md invariant 6).
        tracingEnabled: false,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
        cacheClusterEnabled: caching,
        cacheClusterSize: caching ? '0.5' : undefined,
        methodOptions,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(edgeAccessLogFields)),
      },
    });

    this.authorizer = new RequestAuthorizer(this, 'TokenAuthorizer', {
      authorizerName: 'IdentityProviderTokens',
      handler: props.authorizer,
      identitySources: [
        IdentitySource.header('Authorization'),
        IdentitySource.context('httpMethod'),
        IdentitySource.context('resourcePath'),
      ],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
    });

    const integrations = new Map<string, StageScopedLambdaIntegration>();
    for (const route of definitions) {
      const handler = props.functions.get(route.function.name);
      if (!handler) throw new Error(`no function for route ${route.method} ${route.path}`);
      let integration = integrations.get(route.function.name);
      if (!integration) {
        integration = new StageScopedLambdaIntegration(handler);
        integrations.set(route.function.name, integration);
      }
      const resource = resourceFor(this.restApi.root, route.path);
      for (const method of route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]) {
        const created = resource.addMethod(
          method,
          integration,
          route.auth.kind === 'jwt'
            ? { authorizer: this.authorizer, authorizationType: AuthorizationType.CUSTOM }
            : { authorizationType: AuthorizationType.NONE },
        );
        this.methods.set(`${method} ${route.path}`, created);
        if (route.auth.kind === 'public') {
          for (const ruleId of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
            Validations.of(created).acknowledge({
              id: ruleId,
              reason: `${route.method} ${route.path} is public by design (routes.ts): ${route.summary}`,
            });
          }
        } else {
          Validations.of(created).acknowledge({
            id: 'AwsSolutions-COG4',
            reason:
              "The identity providers are the citizens' and the agencies' own (OIDC), not " +
              'Cognito; the Lambda authorizer verifies their tokens and the route roles.',
          });
        }
      }
    }

    // A method the resource does not serve: 405 with `Allow` (API.md, Errors), answered by
    // the edge itself. API Gateway prefers a resource's explicit methods over `ANY`.
    for (const path of new Set(definitions.map((route) => route.path))) {
      const allow = allowedMethods(path, definitions);
      const { statusCode, headers, body } = problemResponse(problems.methodNotAllowed(allow));
      const responseHeaders = { ...headers, allow: allow.join(', ') };
      const wrongMethod = resourceFor(this.restApi.root, path).addMethod(
        'ANY',
        new MockIntegration({
          // Any body, any content type: the one integration response below has no selection
          // pattern, so it answers whatever status the mock settles on.
          passthroughBehavior: PassthroughBehavior.WHEN_NO_MATCH,
          requestTemplates: { 'application/json': `{"statusCode": ${statusCode}}` },
          integrationResponses: [
            {
              statusCode: String(statusCode),
              responseParameters: Object.fromEntries(
                Object.entries(responseHeaders).map(([name, value]) => [
                  `method.response.header.${name}`,
                  `'${value}'`,
                ]),
              ),
              responseTemplates: { 'application/json': body ?? '' },
            },
          ],
        }),
        {
          authorizationType: AuthorizationType.NONE,
          methodResponses: [
            {
              statusCode: String(statusCode),
              responseParameters: Object.fromEntries(
                Object.keys(responseHeaders).map((name) => [
                  `method.response.header.${name}`,
                  true,
                ]),
              ),
            },
          ],
        },
      );
      this.wrongMethods.set(path, wrongMethod);
      for (const ruleId of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(wrongMethod).acknowledge({
          id: ruleId,
          reason: `Answers every method ${path} does not serve with 405 and Allow; reaches no function.`,
        });
      }
    }

    for (const [responseType, problem] of Object.entries(edgeProblems)) {
      const { statusCode, headers, body } = problemResponse(problem);
      new CfnGatewayResponse(this, `${pascalCase(responseType.toLowerCase())}Response`, {
        restApiId: this.restApi.restApiId,
        responseType,
        statusCode: String(statusCode),
        responseParameters: Object.fromEntries(
          Object.entries(headers ?? {}).map(([name, value]) => [
            `gatewayresponse.header.${name}`,
            `'${value}'`,
          ]),
        ),
        responseTemplates: { 'application/json': body ?? '' },
      });
    }

    const edgeStage = this.restApi.deploymentStage;
    for (const [ruleId, reason] of [
      [
        'AwsSolutions-APIG6',
        'Execution logs record request and response data, including bearer tokens that carry ' +
          "a citizen's name and national ID (DESIGN.md invariant 6). Access logs without " +
          'personal data are kept instead.',
      ],
      [
        'NIST.800.53.R5-APIGWExecutionLoggingEnabled',
        'As AwsSolutions-APIG6: execution logs would hold personal data and tokens; access ' +
          'logs and WAF metrics carry the audit trail.',
      ],
      [
        'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
        'Only the public documents are cached (encrypted); answers to callers with a token ' +
          'are never cached: credentials and record decisions are per caller, and a cache ' +
          'would make timing differ between subjects (DESIGN.md invariant 1).',
      ],
      [
        'NIST.800.53.R5-APIGWXrayEnabled',
        "API Gateway's trace segments record the caller's IP address, which this system " +
          'keeps out of every log and trace (DESIGN.md invariant 6); the functions trace.',
      ],
      [
        'NIST.800.53.R5-APIGWSSLEnabled',
        'A stage client certificate authenticates API Gateway to HTTP backends; every route ' +
          'here integrates a Lambda function (invoked over the AWS API, SigV4), none an HTTP ' +
          'backend. Clients reach the stage only over TLS 1.2+ on the custom domain.',
      ],
    ] as const) {
      Validations.of(edgeStage).acknowledge({ id: ruleId, reason });
    }
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Each handler validates its request against the zod schema that also generates the ' +
        'OpenAPI document, and answers 400 problems naming the field.',
    });
    if (props.manageAccountRole) {
      Validations.of(this.restApi).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide role API Gateway needs to write REST API access logs; ' +
          'AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents for it and is ' +
          'maintained with the service.',
      });
    }

    this.agencyNetworks = new CfnIPSet(this, 'AgencyNetworks', {
      scope: 'REGIONAL',
      ipAddressVersion: 'IPV4',
      addresses: [...props.agencyNetworks],
      description: 'Egress networks of the agencies, from the agencyNetworks parameter.',
    });
    const fromAgencies: CfnWebACL.StatementProperty = {
      ipSetReferenceStatement: { arn: this.agencyNetworks.attrArn },
    };
    this.webAcl = new CfnWebACL(this, 'EdgeWebAcl', {
      name: `${stack.stackName}-edge`,
      scope: 'REGIONAL',
      description: 'Public edge of the sealed-records API.',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${stack.stackName}-edge`),
      rules: [
        managedRuleGroup(0, 'AWSManagedRulesAmazonIpReputationList'),
        // Per client IP, outside the agencies' networks: every route, and the citizens'
        // issuance routes tighter. Agencies' networks (many officials behind one NAT) are
        // held to a limit of their own per address.
        rateRule(1, 'RateLimitPerClientIp', props.rateLimitPerIp, { not: fromAgencies }),
        rateRule(2, 'RateLimitIssuancePerClientIp', props.rateLimitIssuancePerIp, {
          and: [{ not: fromAgencies }, { anyPathStartingWith: ISSUANCE_PATH_PREFIXES }],
        }),
        rateRule(3, 'RateLimitPerAgencyAddress', props.rateLimitPerAgencyNetwork, {
          is: fromAgencies,
        }),
        // Record submissions carry up to 64 KiB of case material; the 8 KiB body size rule
        // would refuse legitimate ones, so it only counts. The handlers enforce the size.
        managedRuleGroup(4, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managedRuleGroup(5, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
    Validations.of(this.webAcl).acknowledge({
      id: 'NIST.800.53.R5-WAFv2LoggingEnabled',
      reason:
        'Web ACL logs hold client IP addresses and request headers, personal information ' +
        'under PIPL (DESIGN.md invariant 6), and cannot redact the IP. CloudWatch metrics and ' +
        'sampled requests of every rule are kept; docs/deploy.md says how to turn logging on ' +
        'if the data protection officer approves.',
    });
    new CfnWebACLAssociation(this, 'EdgeWebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/** The resource of a route path, created segment by segment (`{id}` stays a parameter). */
function resourceFor(root: Resource | RestApi['root'], path: string) {
  let resource = root;
  for (const segment of path.split('/').slice(1)) {
    resource = resource.getResource(segment) ?? resource.addResource(segment);
  }
  return resource;
}

/** The citizens' issuance routes, as the stage sees their paths (custom domain, no base path). */
const ISSUANCE_PATH_PREFIXES = ['/v1/certificates', '/v1/wallet/'] as const;

type ScopeDown =
  | { is: CfnWebACL.StatementProperty }
  | { not: CfnWebACL.StatementProperty }
  | { and: ({ not: CfnWebACL.StatementProperty } | { anyPathStartingWith: readonly string[] })[] };

function scopeDownStatement(scope: ScopeDown): CfnWebACL.StatementProperty {
  if ('is' in scope) return scope.is;
  if ('not' in scope) return { notStatement: { statement: scope.not } };
  return {
    andStatement: {
      statements: scope.and.map((part) =>
        'not' in part
          ? { notStatement: { statement: part.not } }
          : {
              orStatement: {
                statements: part.anyPathStartingWith.map((prefix) => ({
                  byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: 'STARTS_WITH',
                    searchString: prefix,
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                })),
              },
            },
      ),
    },
  };
}

/** Blocks a client IP over `limit` requests in five minutes, among the requests scoped. */
function rateRule(
  priority: number,
  name: string,
  limit: number,
  scope: ScopeDown,
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        aggregateKeyType: 'IP',
        scopeDownStatement: scopeDownStatement(scope),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRuleGroup(
  priority: number,
  name: string,
  countOnly: string[] = [],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides:
          countOnly.length > 0
            ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
            : undefined,
      },
    },
    visibilityConfig: visibility(name),
  };
}
