/**
 * The public edge: the only way in from the internet, behind an AWS WAF web ACL.
 *
 * HTTP APIs cannot be associated with a web ACL, and in the AWS China Regions AWS WAF is
 * regional only — CloudFront there cannot carry a web ACL. So the edge is a Regional REST API
 * (a resource type a regional web ACL can protect, in both partitions) that proxies every
 * path to the HTTP API origin, presenting an API Gateway client certificate. The origin's
 * only domain requires mutual TLS against a truststore holding exactly that certificate, and
 * its execute-api endpoint is disabled: a request that did not pass the web ACL cannot
 * complete a TLS handshake with the origin. docs/deploy.md has the trade-offs.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  CfnClientCertificate,
  EndpointType,
  HttpIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
  SecurityPolicy,
} from 'aws-cdk-lib/aws-apigateway';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

const TRUSTSTORE_KEY = 'edge-client-certificate.pem';

export type EdgeClientCertificateProps = {
  /** A new generation is a new certificate: the truststore follows it in the same deployment. */
  generation: number;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
};

/**
 * The client certificate the edge presents to the origin, and the truststore (an S3 object)
 * the origin domain verifies it against. API Gateway generates the certificate; its PEM is
 * copied into the truststore at deployment by two SDK calls, so there is no window in which
 * the origin domain exists without mutual TLS.
 */
export class EdgeClientCertificate extends Construct {
  readonly clientCertificate: CfnClientCertificate;
  readonly truststore: { bucket: IBucket; key: string; version: string };

  constructor(scope: Construct, id: string, props: EdgeClientCertificateProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.clientCertificate = new CfnClientCertificate(
      this,
      props.generation === 1 ? 'Certificate' : `Certificate${props.generation}`,
      {
        description: `Presented by the public edge to the origin HTTP API (mutual TLS), generation ${props.generation}.`,
      },
    );

    const bucket = new Bucket(this, 'TruststoreBucket', {
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [ruleId, reason] of [
      [
        'AwsSolutions-S1',
        'Holds one public certificate, written only by the deployment-time function of this ' +
          'stack (its log group records each write). Access logs would protect nothing secret.',
      ],
      [
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'As AwsSolutions-S1: one public certificate, written only at deployment by this stack.',
      ],
      [
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        'The truststore is regenerated from the client certificate on every deployment; a ' +
          'replica in another region would serve no API (the origin is regional).',
      ],
      [
        'NIST.800.53.R5-S3DefaultEncryptionKMS',
        'The object is a public certificate. API Gateway reads the truststore with the ' +
          'deployer credentials; SSE-S3 avoids granting the deploy role another KMS key.',
      ],
    ] as const) {
      Validations.of(bucket).acknowledge({ id: ruleId, reason });
    }

    const certificateArn = stack.formatArn({
      service: 'apigateway',
      account: '',
      resource: '/clientcertificates',
      resourceName: this.clientCertificate.ref,
    });
    // The two SDK calls run in CDK's shared custom-resource function; it gets a role and a
    // log group made here rather than a managed policy and an unencrypted group.
    const providerLogGroup = new LogGroup(this, 'ProviderLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const providerRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the edge client certificate into the origin truststore at deployment.',
    });
    providerRole.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [providerLogGroup.logGroupArn],
      }),
    );
    const provider = { role: providerRole, logGroup: providerLogGroup, installLatestAwsSdk: false };

    const readPem = new AwsCustomResource(this, 'ReadCertificatePem', {
      ...provider,
      onUpdate: {
        service: 'APIGateway',
        action: 'GetClientCertificate',
        parameters: { clientCertificateId: this.clientCertificate.ref },
        physicalResourceId: PhysicalResourceId.of(this.clientCertificate.ref),
        outputPaths: ['pemEncodedCertificate'],
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['apigateway:GET'], resources: [certificateArn] }),
      ]),
    });
    const writeTruststore = new AwsCustomResource(this, 'WriteTruststore', {
      ...provider,
      onUpdate: {
        service: 'S3',
        action: 'PutObject',
        parameters: {
          Bucket: bucket.bucketName,
          Key: TRUSTSTORE_KEY,
          Body: readPem.getResponseField('pemEncodedCertificate'),
          ContentType: 'application/x-pem-file',
        },
        physicalResourceId: PhysicalResourceId.fromResponse('VersionId'),
        outputPaths: ['VersionId'],
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [bucket.arnForObjects(TRUSTSTORE_KEY)],
        }),
      ]),
    });
    configureProviderFunction(stack, [providerRole, readPem, writeTruststore]);
    this.truststore = {
      bucket,
      key: TRUSTSTORE_KEY,
      version: writeTruststore.getResponseField('VersionId'),
    };
  }
}

/**
 * CDK's shared custom-resource function runs only during deployments, invoked by
 * CloudFormation; the findings below describe long-running request handlers. It runs on
 * arm64 like every function of this app (its handler is plain JavaScript).
 */
function configureProviderFunction(stack: Stack, policyHolders: Construct[]): void {
  const providerFunction = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
  if (providerFunction) {
    (providerFunction.node.defaultChild as CfnFunction).architectures = [Architecture.ARM_64.name];
    for (const [ruleId, reason] of [
      [
        'NIST.800.53.R5-LambdaConcurrency',
        'Runs only when CloudFormation creates or updates the truststore, once per deployment.',
      ],
      [
        'NIST.800.53.R5-LambdaDLQ',
        'Invoked by CloudFormation, which reports and rolls back a failed deployment step.',
      ],
      [
        'NIST.800.53.R5-LambdaInsideVPC',
        'Calls only the API Gateway and S3 APIs (TLS, SigV4) during deployment; it has no ' +
          'network-reachable resource to protect.',
      ],
    ] as const) {
      Validations.of(providerFunction).acknowledge({ id: ruleId, reason });
    }
  }
  for (const holder of policyHolders) {
    Validations.of(holder).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'Each statement belongs to this one deployment-time role and lives and dies with it; ' +
        'a managed policy could be attached to other principals.',
    });
  }
}

/** Construct ID of CDK's singleton AwsCustomResource function (`AwsCustomResource.PROVIDER_FUNCTION_UUID`). */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`;

/**
 * REST API access-log fields: like the origin's, nothing that identifies a person — no
 * source IP, user agent, path, query string, header or claim. WAF metrics count the rest.
 */
export const edgeAccessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  wafStatus: '$context.waf.status',
  errorType: '$context.error.responseType',
} as const;

export type PublicEdgeProps = {
  /** The did:web host; the edge's custom domain. */
  issuerDomain: string;
  certificate: ICertificate;
  /** The origin's mTLS-only host name. */
  originDomain: string;
  clientCertificate: CfnClientCertificate;
  rateLimit: number;
  burstLimit: number;
  /** Requests per client IP per five minutes before the web ACL blocks that IP. */
  rateLimitPerIp: number;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
  tracing: boolean;
  /** Whether to set the account-wide API Gateway CloudWatch role (REST API logging needs one). */
  manageAccountRole: boolean;
};

export class PublicEdge extends Construct {
  readonly restApi: RestApi;
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.restApi = new RestApi(this, 'EdgeRestApi', {
      description: `Public edge of ${props.issuerDomain}: web ACL, then proxy to the origin.`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      disableExecuteApiEndpoint: true,
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
        clientCertificateId: props.clientCertificate.ref,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
        tracingEnabled: props.tracing,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.OFF,
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(edgeAccessLogFields)),
      },
    });
    // Every path is proxied; `/` itself has no route at the origin and gets no method here.
    const proxy = this.restApi.root.addResource('{proxy+}');
    const forward = proxy.addMethod(
      'ANY',
      new HttpIntegration(`https://${props.originDomain}/{proxy}`, {
        httpMethod: 'ANY',
        proxy: true,
        options: {
          requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          timeout: Duration.seconds(29),
        },
      }),
      { requestParameters: { 'method.request.path.proxy': true } },
    );
    for (const ruleId of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
      Validations.of(forward).acknowledge({
        id: ruleId,
        reason:
          'The edge only filters and forwards. Authorization is enforced behind it by the ' +
          'HTTP API: a JWT authorizer (agency OIDC) on every non-public route, roles in the ' +
          'handlers; public routes are public by design (routes.ts).',
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
          'logs, WAF metrics and the origin access logs carry the audit trail.',
      ],
      [
        'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
        'No response may be cached: credentials and record decisions are per caller, and a ' +
          'cache would make timing differ between subjects (DESIGN.md invariant 1).',
      ],
    ] as const) {
      Validations.of(edgeStage).acknowledge({ id: ruleId, reason });
    }
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'The edge forwards bodies untouched; each handler validates its request against the ' +
        'zod schema that also generates the OpenAPI document, and answers 400 problems.',
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

    this.webAcl = new CfnWebACL(this, 'EdgeWebAcl', {
      scope: 'REGIONAL',
      description: 'Public edge of the sealed-records API.',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${stack.stackName}-edge`),
      rules: [
        managedRuleGroup(0, 'AWSManagedRulesAmazonIpReputationList'),
        {
          name: 'RateLimitPerClientIp',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: { limit: props.rateLimitPerIp, aggregateKeyType: 'IP' },
          },
          visibilityConfig: visibility('RateLimitPerClientIp'),
        },
        // Record submissions carry up to 64 KiB of case material; the 8 KiB body size rule
        // would refuse legitimate ones, so it only counts. The handlers enforce the size.
        managedRuleGroup(2, 'AWSManagedRulesCommonRuleSet', ['SizeRestrictions_BODY']),
        managedRuleGroup(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
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
