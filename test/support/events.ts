/**
 * API Gateway REST API events (payload 1.0) for calling a handler in-process, as the edge
 * delivers them: the Lambda authorizer's context (the verified caller) under
 * `requestContext.authorizer`.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export function apiEvent(options: {
  method?: string;
  path: string;
  /** The route template API Gateway matched; default: the path itself. */
  resource?: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  claims?: Record<string, string>;
  headers?: Record<string, string>;
}): APIGatewayProxyEvent {
  const method = options.method ?? 'POST';
  const headers = { 'Content-Type': 'application/json', ...options.headers };
  return {
    resource: options.resource ?? options.path,
    path: options.path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    ),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      httpMethod: method,
      path: options.path,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'test',
      resourcePath: options.resource ?? options.path,
      stage: 'edge',
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      authorizer: options.claims
        ? { ...options.claims, principalId: options.claims.sub ?? '', integrationLatency: 0 }
        : null,
    },
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:test',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
