/**
 * A small HTTP server that does for the local stack what the REST API does in AWS: match
 * the route, call the API's Lambda authorizer (the very same handler) for protected routes
 * and apply its policy, build a REST API proxy event (payload 1.0) with the authorizer's
 * context and call the very same Lambda handler. Its own refusals are the edge's gateway
 * responses (`edgeProblems`).
 *
 * Like API Gateway, it answers every request with an RFC 9457 problem document — also a
 * malformed request line, a CONNECT, or a request that arrives while the server is starting
 * or stopping (503 with `Retry-After`: never a 404 that a client would take as final).
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEvent,
  Context,
  PolicyDocument,
} from 'aws-lambda';
import {
  allowedMethods,
  binaryMediaTypes,
  matchRoute,
  type RouteDefinition,
} from '../../definitions/routes.ts';
import { UNAUTHORIZED } from '../../http/authorizer.ts';
import { edgeProblems, HttpProblem, problemResponse, problems } from '../../http/problem.ts';
import { invoke } from './invocations.ts';

export type LambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

export type ApiGatewayServerOptions = {
  routes: readonly RouteDefinition[];
  handlers: ReadonlyMap<string, LambdaHandler>;
  /** The API's Lambda authorizer; set before the server is marked ready. */
  authorizer: () => AuthorizerHandler | undefined;
  /** API Gateway's own payload limit. */
  maxBodyBytes?: number;
  /**
   * Static pages served beside the API (path → HTML), as a deployment serves them from the
   * API's own domain: the citizen's page calls the API of the origin it comes from.
   */
  pages?: Readonly<Record<string, string>>;
};

const LOCAL_API_ARN = 'arn:aws:execute-api:local:000000000000:local/edge';

/** IAM's wildcard match of an `execute-api` resource: `*` any run, `?` one character. */
function arnMatches(pattern: string, arn: string): boolean {
  const expression = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${expression}$`).test(arn);
}

/** As API Gateway evaluates an authorizer's policy: an explicit Deny wins, else an Allow is needed. */
export function policyAllows(policy: PolicyDocument, methodArn: string): boolean {
  let allowed = false;
  for (const statement of policy.Statement) {
    const resources = 'Resource' in statement ? [statement.Resource].flat() : [];
    if (!resources.some((resource) => arnMatches(String(resource), methodArn))) continue;
    if (statement.Effect === 'Deny') return false;
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

export type ApiGatewayServer = {
  server: Server;
  /** From now on requests reach the handlers; until then they get 503 `Retry-After`. */
  markReady(): void;
  /**
   * Stops accepting connections, answers new requests on open connections with 503, and
   * waits up to `timeoutMs` for requests in flight to finish before closing the rest.
   * Later calls return the first call's promise.
   */
  drain(timeoutMs: number): Promise<void>;
};

const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
const RETRY_AFTER_SECONDS = 1;

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

/** Whether the request announces a body (a length above zero, or chunked transfer). */
function announcesBody(request: IncomingMessage): boolean {
  return (
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length'] ?? 0) > 0
  );
}

/**
 * Path and query of a request target. Deliberately not `new URL(target, base)`: a target
 * such as `//[` is a network-path reference to URL parsing (and throws), but in HTTP it is
 * an origin-form path (RFC 9112 §3.2.1) that simply matches no route. Absolute-form targets
 * (§3.2.2) are accepted as RFC 9112 requires; anything else is not a path at all.
 */
export function parseRequestTarget(target: string): { path: string; query: string } | undefined {
  let pathAndQuery = target;
  if (!target.startsWith('/')) {
    if (!/^https?:\/\//i.test(target) || !URL.canParse(target)) return undefined;
    const url = new URL(target);
    pathAndQuery = `${url.pathname}${url.search}`;
  }
  const withoutFragment = pathAndQuery.split('#', 1)[0] ?? '';
  const question = withoutFragment.indexOf('?');
  return question < 0
    ? { path: withoutFragment, query: '' }
    : { path: withoutFragment.slice(0, question), query: withoutFragment.slice(question + 1) };
}

/** An authorizer's context reaches the integration with every value as a string. */
function contextAsApiGatewayDoes(context: Record<string, unknown> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(context).map(([name, value]) => [name, String(value)]));
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

/** A complete HTTP/1.1 response for a connection the HTTP parser has given up on. */
function rawProblemResponse(problem: HttpProblem): string {
  const { statusCode, headers, body } = problemResponse(problem);
  const lines = [
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode ?? 500] ?? ''}`,
    ...Object.entries({ ...headers, 'content-length': Buffer.byteLength(body ?? '') }).map(
      ([name, value]) => `${name}: ${value}`,
    ),
    'connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

/**
 * Answers on a socket the HTTP server has let go of (a parse error, a CONNECT) and closes
 * it: whatever the client still sends is read and dropped, so that its end of the
 * connection is seen; a client that never closes is cut off after a second.
 */
function answerAndClose(socket: Duplex, problem: HttpProblem): void {
  socket.on('error', () => socket.destroy());
  socket.end(rawProblemResponse(problem));
  socket.resume();
  setTimeout(() => socket.destroy(), 1_000).unref();
}

const malformedRequest = () =>
  problems.invalid([{ path: 'request', message: 'must be a well-formed HTTP/1.1 request' }]);

export function createApiGatewayServer(options: ApiGatewayServerOptions): ApiGatewayServer {
  const maxBody = options.maxBodyBytes ?? API_GATEWAY_MAX_BODY;
  let state: 'starting' | 'ready' | 'stopping' = 'starting';
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  let draining: Promise<void> | undefined;

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const requestId = randomUUID();
    const method = request.method ?? 'GET';
    let bodyConsumed = false;
    const send = (result: APIGatewayProxyStructuredResultV2) => {
      if (response.headersSent || response.destroyed) return;
      const body = asApiGatewaySends(result, request.headers.accept);
      const headers: Record<string, string> = {
        'content-length': String(Buffer.byteLength(body)),
        ...(result.headers as Record<string, string> | undefined),
        'apigw-requestid': requestId,
      };
      // An unread body would otherwise be read and discarded to keep the connection.
      if (state === 'stopping' || (!bodyConsumed && announcesBody(request))) {
        headers.connection = 'close';
      }
      response.writeHead(result.statusCode ?? 200, headers);
      response.end(method === 'HEAD' ? undefined : body);
    };
    const refuse = (problem: HttpProblem) => send(problemResponse(problem));

    if (state === 'starting') {
      return refuse(
        problems.serviceUnavailable('The server is starting; retry shortly.', RETRY_AFTER_SECONDS),
      );
    }
    if (state === 'stopping') {
      return refuse(
        problems.serviceUnavailable('The server is shutting down.', RETRY_AFTER_SECONDS),
      );
    }
    try {
      const target = parseRequestTarget(request.url ?? '');
      if (!target) {
        return refuse(
          problems.invalid([{ path: 'request-target', message: 'must be an absolute path' }]),
        );
      }
      const page =
        options.pages && Object.hasOwn(options.pages, target.path)
          ? options.pages[target.path]
          : undefined;
      if (page !== undefined && method !== 'GET' && method !== 'HEAD') {
        return refuse(problems.methodNotAllowed(['GET', 'HEAD']));
      }
      if (page !== undefined) {
        return send({
          statusCode: 200,
          headers: {
            'content-type': 'text/html; charset=utf-8',
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
            'x-frame-options': 'DENY',
          },
          body: page,
        });
      }
      // HEAD is served by the GET route, as the handler's `headLikeGet` expects.
      const routeMethod = method === 'HEAD' ? 'GET' : method;
      const matched = matchRoute(routeMethod, target.path, options.routes);
      const route = matched?.route;
      const handler = route && options.handlers.get(route.function.name);
      if (!route) {
        // As the edge's `ANY` method on every resource answers (infra/constructs/publicEdge.ts).
        const allow = allowedMethods(target.path, options.routes);
        return refuse(
          allow.length > 0
            ? problems.methodNotAllowed(allow)
            : edgeProblems.MISSING_AUTHENTICATION_TOKEN,
        );
      }
      if (!handler) return refuse(edgeProblems.MISSING_AUTHENTICATION_TOKEN);

      if (route.method === 'GET' && announcesBody(request)) {
        // Refused unread: a public route must not make the server buffer anything.
        return refuse(problems.contentTooLarge('A GET request carries no body.'));
      }
      if (Number(request.headers['content-length'] ?? 0) > maxBody) {
        return refuse(problems.contentTooLarge('The body exceeds the API limit.'));
      }

      const headers: Record<string, string> = {};
      const multiValueHeaders: Record<string, string[]> = {};
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        const name = request.rawHeaders[i] ?? '';
        const value = request.rawHeaders[i + 1] ?? '';
        // API Gateway keeps the client's spelling of each header name.
        headers[name] = name in headers ? `${headers[name]},${value}` : value;
        multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
      }
      const query = new URLSearchParams(target.query);
      const multiValueQuery: Record<string, string[]> = {};
      for (const [name, value] of query)
        multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
      const pathParameters =
        matched && Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : null;
      const methodArn = `${LOCAL_API_ARN}/${method}${target.path}`;
      const requestContext = {
        accountId: '000000000000',
        apiId: 'local',
        domainName: request.headers.host ?? 'localhost',
        httpMethod: method,
        path: target.path,
        protocol: `HTTP/${request.httpVersion}`,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: route.path,
        stage: 'edge',
        identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      };
      const shared = {
        resource: route.path,
        path: target.path,
        httpMethod: method,
        headers,
        multiValueHeaders,
        queryStringParameters: target.query ? Object.fromEntries(query) : null,
        multiValueQueryStringParameters: target.query ? multiValueQuery : null,
        pathParameters,
        stageVariables: null,
      };

      let authorizerContext: Record<string, unknown> | null = null;
      if (route.auth.kind === 'jwt') {
        const authorize = options.authorizer();
        // No identity source, no authorizer call: API Gateway answers 401 itself.
        const authorization = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
        if (!authorize || !authorization) return refuse(edgeProblems.UNAUTHORIZED);
        let result: APIGatewayAuthorizerResult;
        try {
          result = await invoke(requestId, () =>
            authorize(
              {
                type: 'REQUEST',
                methodArn,
                ...shared,
                requestContext,
              } as APIGatewayRequestAuthorizerEvent,
              lambdaContext('authorizer', requestId),
            ),
          );
        } catch (error) {
          return refuse(
            (error as Error).message === UNAUTHORIZED
              ? edgeProblems.UNAUTHORIZED
              : edgeProblems.AUTHORIZER_FAILURE,
          );
        }
        if (!policyAllows(result.policyDocument, methodArn)) {
          return refuse(edgeProblems.ACCESS_DENIED);
        }
        authorizerContext = {
          ...contextAsApiGatewayDoes(result.context as Record<string, unknown> | undefined),
          principalId: result.principalId,
          integrationLatency: 0,
        };
      }

      const body = route.method === 'GET' ? Buffer.alloc(0) : await readBody(request, maxBody);
      bodyConsumed = true;
      const event: APIGatewayProxyEvent = {
        ...shared,
        requestContext: { ...requestContext, authorizer: authorizerContext },
        body: body.length > 0 ? body.toString('utf8') : null,
        isBase64Encoded: false,
      };
      const functionName = route.function.name;
      send(await invoke(requestId, () => handler(event, lambdaContext(functionName, requestId))));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return refuse(problems.contentTooLarge('The body exceeds the API limit.'));
      }
      // The client went away while sending its body: nobody is left to answer.
      if (request.destroyed) return;
      // A handler never throws (middy maps errors); this is the server's own failure.
      refuse(problems.internal());
    }
  }

  const server = createServer((request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle?.();
    });
    void serve(request, response);
  });

  // Node's defaults answer a malformed request with a bare 400 and drop a CONNECT
  // without a word; API Gateway answers both, so this server does too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    answerAndClose(
      socket,
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpProblem(
            431,
            'request-header-fields-too-large',
            'Request Header Fields Too Large',
            'The request headers are too large.',
          )
        : malformedRequest(),
    );
  });
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    // A CONNECT is no tunnel here: to one of the API's paths, a method it does not answer.
    const target = parseRequestTarget(request.url ?? '');
    const allow = target ? allowedMethods(target.path, options.routes) : [];
    answerAndClose(
      socket,
      allow.length > 0 ? problems.methodNotAllowed(allow) : problems.notFound(),
    );
  });
  const sockets = new Set<Duplex>();
  server.on('connection', (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    server,
    markReady: () => {
      state = 'ready';
    },
    drain: (timeoutMs) => {
      draining ??= drainOnce(timeoutMs);
      return draining;
    },
  };

  async function drainOnce(timeoutMs: number): Promise<void> {
    state = 'stopping';
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((done) => {
        const timer = setTimeout(done, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          done();
        };
      });
    }
    server.closeAllConnections();
    // Connections the HTTP server no longer tracks (CONNECT, parse errors) go too.
    for (const socket of sockets) socket.destroy();
    await closed;
  }
}

/**
 * The body as API Gateway sends it: a base64-encoded answer is decoded to its bytes only when
 * the client's `Accept` names one of the API's binary media types; otherwise it goes out as
 * the base64 text (as API Gateway does with a REST API's proxy integration).
 */
function asApiGatewaySends(
  result: APIGatewayProxyStructuredResultV2,
  accept: string | undefined,
): string | Buffer {
  const body = result.body ?? '';
  if (!result.isBase64Encoded) return body;
  const first = accept?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return (binaryMediaTypes as readonly string[]).includes(first ?? '')
    ? Buffer.from(body, 'base64')
    : body;
}
