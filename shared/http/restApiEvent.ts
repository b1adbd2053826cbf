/**
 * API Gateway REST API events (payload 1.0, what a Regional REST API with a Lambda
 * authorizer delivers) in the one shape every handler reads: the payload 2.0 shape with a
 * Lambda authorizer's context — lower-case header names, `routeKey` as
 * `<METHOD> <resource template>` (HEAD served by the GET route), `requestContext.http`,
 * `rawPath`, and the verified caller under `requestContext.authorizer.lambda`.
 *
 * One adapter here, instead of every handler knowing both payload versions. Events already in
 * the 2.0 shape pass unchanged (tests call handlers with them directly).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { CallerContext } from './authorizer.ts';

/** What a handler receives: the 2.0 shape, the caller as the Lambda authorizer verified it. */
export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<CallerContext | undefined>;

function isRestApiEvent(event: unknown): event is APIGatewayProxyEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    'httpMethod' in event &&
    'resource' in event &&
    (event as { version?: string }).version !== '2.0'
  );
}

function lowerCaseHeaders(
  headers: Record<string, string | undefined> | null,
  multiValue: Record<string, string[] | undefined> | null,
): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, values] of Object.entries(multiValue ?? {})) {
    if (values !== undefined) lowered[name.toLowerCase()] = values.join(',');
  }
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && !(name.toLowerCase() in lowered)) {
      lowered[name.toLowerCase()] = value;
    }
  }
  return lowered;
}

/** The authorizer's context as API Gateway passes it: its own keys beside the caller's. */
function callerContextOf(authorizer: Record<string, unknown> | null | undefined) {
  if (!authorizer || typeof authorizer.sub !== 'string') return undefined;
  const context: Record<string, string> = {};
  for (const name of [
    'sub',
    'role',
    'org',
    'national_id',
    'name',
    'acting_for_national_id',
    'acting_for_name',
    'acting_for_relationship',
  ] as const) {
    const value = authorizer[name];
    if (value !== undefined && value !== null) context[name] = String(value);
  }
  return context as CallerContext;
}

export function toHttpEvent(event: APIGatewayProxyEvent | HttpEvent): HttpEvent {
  if (!isRestApiEvent(event)) return event;
  const { requestContext } = event;
  const routeMethod = event.httpMethod === 'HEAD' ? 'GET' : event.httpMethod;
  const routeKey = `${routeMethod} ${event.resource}`;
  const query = event.multiValueQueryStringParameters ?? {};
  const rawQueryString = new URLSearchParams(
    Object.entries(query).flatMap(([name, values]) =>
      (values ?? []).map((value) => [name, value] as [string, string]),
    ),
  ).toString();
  const headers = lowerCaseHeaders(event.headers, event.multiValueHeaders);
  return {
    version: '2.0',
    routeKey,
    rawPath: event.path,
    rawQueryString,
    headers,
    queryStringParameters: (event.queryStringParameters ?? undefined) as
      | Record<string, string>
      | undefined,
    pathParameters: (event.pathParameters ?? undefined) as Record<string, string> | undefined,
    requestContext: {
      accountId: requestContext.accountId,
      apiId: requestContext.apiId,
      domainName: requestContext.domainName ?? headers.host ?? '',
      domainPrefix: requestContext.domainPrefix ?? '',
      http: {
        method: event.httpMethod,
        path: event.path,
        protocol: requestContext.protocol,
        // Never read by a handler, and never logged: the edge keeps client addresses out.
        sourceIp: '',
        userAgent: '',
      },
      requestId: requestContext.requestId,
      routeKey,
      stage: requestContext.stage,
      time: new Date(requestContext.requestTimeEpoch).toUTCString(),
      timeEpoch: requestContext.requestTimeEpoch,
      authorizer: { lambda: callerContextOf(requestContext.authorizer) },
    },
    body: event.body ?? undefined,
    isBase64Encoded: event.isBase64Encoded,
  };
}
