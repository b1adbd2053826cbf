/**
 * The HTTP API: one route per entry of `shared/definitions/routes.ts`, a JWT authorizer
 * against the agencies' OIDC issuer on every non-public route (roles are checked in the
 * handlers), stage throttling and access logs without personal data.
 *
 * It is the origin behind the public edge (`publicEdge.ts`): its execute-api endpoint is
 * disabled and its only domain requires mutual TLS with the edge's client certificate, so
 * no request reaches a function without passing the edge's web ACL.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type RouteDefinition, routes } from '#shared/definitions/routes.ts';
import { pascalCase } from '../naming.ts';

/**
 * Access-log fields: request ID, route template, status, sizes and timings, gateway and
 * authorizer errors. Deliberately absent: source IP, user agent, path and query string (the
 * route key names the route without echoing what the caller typed), `Authorization` and any
 * JWT claim (a citizen's token carries name and national ID).
 */
export const httpApiAccessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorType: '$context.error.responseType',
  tlsVersion: '$context.tlsVersion',
} as const;

export type OriginHttpApiProps = {
  /** The function of each definition name. */
  functions: ReadonlyMap<string, IFunction>;
  oidcIssuer: string;
  oidcAudience: string[];
  /** Host name of the origin; the edge connects to it with mutual TLS. */
  originDomain: string;
  certificate: ICertificate;
  /** The truststore holding the edge's client certificate (PEM), and its object version. */
  truststore: { bucket: IBucket; key: string; version: string };
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
};

export class OriginHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly domainName: DomainName;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: OriginHttpApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Sealed juvenile records and no-criminal-record credentials (origin).',
      createDefaultStage: false,
      disableExecuteApiEndpoint: true,
    });
    this.authorizer = new HttpJwtAuthorizer('AgencyOidcAuthorizer', props.oidcIssuer, {
      authorizerName: 'AgencyOidcAuthorizer',
      jwtAudience: props.oidcAudience,
      identitySource: ['$request.header.Authorization'],
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of routes as readonly RouteDefinition[]) {
      const functionName = route.function.name;
      const handler = props.functions.get(functionName);
      if (!handler) throw new Error(`no function for route ${route.method} ${route.path}`);
      let integration = integrations.get(functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascalCase(functionName)}Integration`, handler);
        integrations.set(functionName, integration);
      }
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.auth.kind === 'jwt' ? this.authorizer : undefined,
      });
      if (route.auth.kind === 'public' && created) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (routes.ts): ${route.summary}`,
        });
      }
    }

    this.domainName = new DomainName(this, 'OriginDomain', {
      domainName: props.originDomain,
      certificate: props.certificate,
      securityPolicy: SecurityPolicy.TLS_1_2,
      mtls: props.truststore,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(httpApiAccessLogFields)),
      },
      domainMapping: { domainName: this.domainName },
    });
  }
}
