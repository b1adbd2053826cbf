/**
 * A small HTTP server that does for the local stack what API Gateway does in AWS: match
 * the route, verify the bearer token for protected routes (standing in for the JWT
 * authorizer), build an API Gateway v2 event and call the very same Lambda handler.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { matchRoute, type RouteDefinition } from '../../definitions/routes.ts';
import { problemResponse, problems } from '../../http/problem.ts';

export type LambdaHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export type ApiGatewayServerOptions = {
  routes: readonly RouteDefinition[];
  handlers: ReadonlyMap<string, LambdaHandler>;
  verifyToken: (token: string) => Promise<Record<string, unknown> | undefined>;
  /** API Gateway's own payload limit for HTTP APIs. */
  maxBodyBytes?: number;
};

const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The JWT authorizer hands claims to Lambda as strings. */
function claimsAsApiGatewayDoes(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    claims[name] = Array.isArray(value) ? `[${value.join(' ')}]` : String(value);
  }
  return claims;
}

/** The Lambda context a handler receives, locally. */
export function lambdaContext(functionName: string, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createApiGatewayServer(options: ApiGatewayServerOptions): Server {
  const maxBody = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY;
  return createServer(async (request, response) => {
    const requestId = randomUUID();
    const send = (result: APIGatewayProxyStructuredResultV2) => {
      const headers = { ...result.headers, 'apigw-requestid': requestId };
      response.writeHead(result.statusCode ?? 200, headers as Record<string, string>);
      response.end(result.body ?? '');
    };
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      const matched = matchRoute(method, url.pathname, options.routes);
      const route = matched?.route;
      const handler = route && options.handlers.get(route.function.name);
      if (!route || !handler) return send(problemResponse(problems.notFound()));

      let claims: Record<string, string> | undefined;
      if (route.auth.kind === 'jwt') {
        const [scheme, token] = (request.headers.authorization ?? '').split(' ');
        const payload =
          scheme?.toLowerCase() === 'bearer' && token
            ? await options.verifyToken(token)
            : undefined;
        if (!payload) return send(problemResponse(problems.unauthorized()));
        claims = claimsAsApiGatewayDoes(payload);
      }

      const body = await readBody(request, maxBody);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const now = new Date();
      const routeKey = `${route.method} ${route.path}`;
      const event = {
        version: '2.0',
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters:
          matched && Object.keys(matched.pathParameters).length > 0
            ? matched.pathParameters
            : undefined,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${request.httpVersion}`,
            sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey,
          stage: '$default',
          time: now.toUTCString(),
          timeEpoch: now.getTime(),
          authorizer: claims
            ? { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } }
            : undefined,
        },
        body: body.length > 0 ? body.toString('utf8') : undefined,
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
      send(await handler(event, lambdaContext(route.function.name, requestId)));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return send(problemResponse(problems.contentTooLarge('The body exceeds the API limit.')));
      }
      // A handler never throws (middy maps errors); this is the server's own failure.
      send(problemResponse(problems.internal()));
    }
  });
}
