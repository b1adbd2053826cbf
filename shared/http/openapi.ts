/**
 * The OpenAPI 3.1 document, generated from the route definitions and the zod request and
 * response schemas (zod's own JSON Schema output; OpenAPI 3.1 schemas are JSON Schema
 * 2020-12).
 */
import * as z from 'zod';
import { type RouteDefinition, routes } from '../definitions/routes.ts';
import { statusesOf } from './problem.ts';
import { auditWindowQuerySchema } from './schemas/auditExport.ts';
import {
  certificateOfferRequestSchema,
  certificateRequestSchema,
} from './schemas/certificateRequest.ts';
import {
  inquiryAcknowledgementSchema,
  inquiryApplicationSchema,
  inquiryDecisionSchema,
  inquiryListQuerySchema,
} from './schemas/inquiry.ts';
import {
  complaintResolutionSchema,
  complaintResponseSchema,
  complaintSchema,
  opinionReplySchema,
  opinionReviewDecisionSchema,
  opinionReviewRequestSchema,
  opinionSchema,
} from './schemas/oversight.ts';
import { listPageQuerySchema } from './schemas/paging.ts';
import { printRequestSchema } from './schemas/printRequest.ts';
import { recordSubmissionSchema } from './schemas/recordSubmission.ts';
import { successResponses } from './schemas/responses.ts';
import { reviewDecisionSchema, reviewListQuerySchema } from './schemas/review.ts';
import {
  sealingApplicationDecisionSchema,
  sealingApplicationSchema,
} from './schemas/sealingApplications.ts';

const walletCredentialRequestSchema = z
  .looseObject({
    credential_configuration_id: z.string().optional(),
    proofs: z.looseObject({ jwt: z.array(z.string()).min(1) }).optional(),
    proof: z.looseObject({ proof_type: z.literal('jwt'), jwt: z.string() }).optional(),
  })
  .describe('OpenID4VCI credential request: the key proof (a JWT, typ openid4vci-proof+jwt).');

const requestSchemas: Record<string, z.ZodType> = {
  'POST /v1/records': recordSubmissionSchema,
  'POST /v1/certificates': certificateRequestSchema,
  'POST /v1/documents/pdf': printRequestSchema,
  'POST /v1/inquiries': inquiryApplicationSchema,
  'POST /v1/inquiries/{id}/decision': inquiryDecisionSchema,
  'POST /v1/inquiries/{id}/acknowledgement': inquiryAcknowledgementSchema,
  'POST /v1/notices/{id}/acknowledgement': z.strictObject({}),
  'POST /v1/reviews/{id}/decision': reviewDecisionSchema,
  'POST /v1/opinions': opinionSchema,
  'POST /v1/opinions/{id}/reply': opinionReplySchema,
  'POST /v1/opinions/{id}/review-request': opinionReviewRequestSchema,
  'POST /v1/opinions/{id}/review-decision': opinionReviewDecisionSchema,
  'POST /v1/complaints': complaintSchema,
  'POST /v1/complaints/{id}/response': complaintResponseSchema,
  'POST /v1/complaints/{id}/resolution': complaintResolutionSchema,
  'POST /v1/me/sealing-applications': sealingApplicationSchema,
  'POST /v1/sealing-applications/{id}/decision': sealingApplicationDecisionSchema,
  'POST /v1/certificates/offers': certificateOfferRequestSchema,
  'POST /v1/wallet/credential': walletCredentialRequestSchema,
};

/** Request bodies that are not JSON (OAuth 2.0's form encoding), by route. */
const formSchemas: Record<string, z.ZodType> = {
  'POST /v1/wallet/token': z.looseObject({
    grant_type: z.literal('urn:ietf:params:oauth:grant-type:pre-authorized_code'),
    'pre-authorized_code': z.string().min(1),
  }),
};

/** Query parameters, by route: the schemas the handlers parse the query with. */
const querySchemas: Record<string, z.ZodObject> = {
  'GET /v1/inquiries': inquiryListQuerySchema,
  'GET /v1/audit': auditWindowQuerySchema,
  'GET /v1/reviews': reviewListQuerySchema,
  'GET /v1/complaints': listPageQuerySchema,
  'GET /v1/opinions': listPageQuerySchema,
  'GET /v1/notices': listPageQuerySchema,
  'GET /v1/me/access-log': listPageQuerySchema,
};

/**
 * JSON writes that keep no `Idempotency-Key`: a print renders the paper again and audits each
 * print, so a retry needs no key and no key can conflict (no 409).
 */
const withoutIdempotencyKey = new Set(['POST /v1/documents/pdf']);

/**
 * Routes authorized otherwise than by the API's identity providers: the wallet's credential
 * endpoint takes the access token of the token endpoint (OpenID4VCI §8), checked by its
 * function, not by the edge.
 */
const otherSecurity: Record<string, string> = {
  'POST /v1/wallet/credential': 'walletAccessToken',
};

/** The operation ID of a route: `getV1InquiriesId` for `GET /v1/inquiries/{id}`. */
export function operationIdOf(route: { method: string; path: string }): string {
  const rest = route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
    (c ?? '').toUpperCase(),
  );
  return `${route.method.toLowerCase()}${rest}`;
}

/** `{name}` segments of a route path, as OpenAPI path parameters. */
function pathParameters(path: string) {
  return [...path.matchAll(/\{([a-zA-Z]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: 'The resource’s ID; an ID the caller may not see is not found (404), alike.',
    schema: { type: 'string', minLength: 1 },
  }));
}

function queryParameters(schema: z.ZodObject | undefined) {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: required.includes(name) && property.default === undefined,
    ...(typeof description === 'string' ? { description } : {}),
    schema: property,
  }));
}

const problemSchema = {
  type: 'object',
  description: 'An RFC 9457 problem document.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: '`urn:sealed-records:problem:<code>`.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code.' },
    errors: {
      type: 'array',
      description: 'Each field (or token claim) at fault; never its value.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    error: { type: 'string', description: 'OAuth 2.0 error code (wallet endpoints only).' },
    error_description: { type: 'string', description: 'OAuth 2.0 error description.' },
  },
};

const header = (description: string) => ({
  description,
  required: true,
  schema: { type: 'string' },
});

/** Every problem status the API answers, as a reusable response. */
const problemResponses: Record<number, { description: string; headers?: object }> = {
  400: {
    description:
      'Invalid request — a field, a query parameter, the Idempotency-Key, or the request ' +
      'itself: `errors` names each field at fault.',
  },
  401: {
    description:
      'No usable token: missing, invalid, expired, or without a claim it must carry (`org` ' +
      'for staff, `national_id` for citizens: no claim is defaulted); `errors` names a bad ' +
      'claim as `token.<claim>`.',
    headers: { 'WWW-Authenticate': header('The scheme to authenticate with (Bearer).') },
  },
  403: { description: 'The caller may not do this; `code` says why.' },
  404: { description: 'No such resource — or one the caller may not see: the two alike.' },
  405: {
    description: 'The resource does not answer this method.',
    headers: { Allow: header('The methods the resource answers.') },
  },
  409: { description: 'In conflict with the current state; `code` says which.' },
  413: { description: 'The body, a field, or the answer is too large (or a body on a GET).' },
  415: { description: 'The body is not of a media type the route takes.' },
  422: { description: 'Well-formed, but not acceptable; `code` says why. Nothing was stored.' },
  429: {
    description: 'Throttled at the edge.',
    headers: { 'Retry-After': header('Seconds to wait before retrying.') },
  },
  431: { description: 'The request header fields are too large.' },
  503: {
    description:
      'A dependency failed, or the server is starting or stopping: nothing was issued or ' +
      'changed.',
    headers: { 'Retry-After': header('Seconds to wait before retrying.') },
  },
};

/**
 * Every status a route can answer, from what it is made of: the edge and the server answer
 * every route 400 (a malformed request), 405, 413, 429, 431 and 503; a body adds 415; a token
 * 401 and 403; an `{id}` 404; an idempotent write 409; and its use case's errors their
 * statuses in the error table.
 */
function problemStatusesOf(route: RouteDefinition, key: string): number[] {
  const statuses = new Set([400, 405, 413, 429, 431, 503]);
  if (requestSchemas[key] || formSchemas[key]) statuses.add(415);
  if (route.auth.kind === 'jwt') {
    statuses.add(401);
    statuses.add(403);
    // An idempotent write: another request with the key is running, or the key was reused.
    if (requestSchemas[key] && !withoutIdempotencyKey.has(key)) statuses.add(409);
  }
  if (route.path.includes('{')) statuses.add(404);
  for (const type of route.errors ?? [])
    for (const status of statusesOf(type)) statuses.add(status);
  return [...statuses].sort();
}

/** The inquiry flow, step by step: from an application to its decision, notice and result. */
function inquiryLinks(id: string) {
  const step = (operationId: string, description: string) => ({
    operationId,
    parameters: { id },
    description,
  });
  return {
    GetInquiry: step('getV1InquiriesId', 'The application: status, deadline, notice.'),
    DecideInquiry: step(
      'postV1InquiriesIdDecision',
      'An official of the addressed organisation approves or refuses it.',
    ),
    AcknowledgeNotice: step(
      'postV1InquiriesIdAcknowledgement',
      'The inquirer accepts the notice once it is approved.',
    ),
    GetResult: step('getV1InquiriesIdResult', 'The letter, or the full file, once accepted.'),
  };
}

const linksOf: Record<string, object> = {
  'POST /v1/inquiries': inquiryLinks('$response.body#/inquiryId'),
  'GET /v1/inquiries/{id}': inquiryLinks('$request.path.id'),
  'POST /v1/inquiries/{id}/decision': inquiryLinks('$request.path.id'),
  'POST /v1/inquiries/{id}/acknowledgement': inquiryLinks('$request.path.id'),
};

/** A zod schema as a JSON Schema to embed: without its own `$schema` (the document's applies). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io });
  return rest;
}

export function openApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const responseSchemas: Record<string, unknown> = {};
  for (const route of routes as readonly RouteDefinition[]) {
    const key = `${route.method} ${route.path}`;
    const schema = requestSchemas[key];
    const form = formSchemas[key];
    const success = successResponses[key];
    if (success) responseSchemas[success.name] = jsonSchema(success.schema, 'output');
    const secured = route.auth.kind === 'jwt';
    const security = secured
      ? [{ bearer: [] }]
      : otherSecurity[key]
        ? [{ [otherSecurity[key]]: [] }]
        : [];
    const parameters = [
      ...pathParameters(route.path),
      ...queryParameters(querySchemas[key]),
      ...(schema && secured && !withoutIdempotencyKey.has(key)
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', minLength: 1, maxLength: 255 },
              description: 'A retry with the same key returns the first response.',
            },
          ]
        : []),
    ];
    const operation: Record<string, unknown> = {
      summary: route.summary,
      operationId: operationIdOf(route),
      description: secured
        ? `Roles: ${route.auth.kind === 'jwt' ? route.auth.roles.join(', ') : ''}.`
        : otherSecurity[key]
          ? 'The wallet’s access token from the token endpoint.'
          : 'Public: no token.',
      security,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(form
        ? {
            requestBody: {
              required: true,
              content: {
                'application/x-www-form-urlencoded': { schema: jsonSchema(form, 'input') },
              },
            },
          }
        : {}),
      ...(schema
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(schema, 'input') } },
            },
          }
        : {}),
      responses: {
        ...(success
          ? {
              [success.status]: {
                description: success.schema.description ?? 'Success',
                content: {
                  [success.contentType]: {
                    schema: { $ref: `#/components/schemas/${success.name}` },
                  },
                },
                ...(linksOf[key] ? { links: linksOf[key] } : {}),
              },
            }
          : {}),
        ...Object.fromEntries(
          problemStatusesOf(route, key).map((status) => [
            String(status),
            { $ref: `#/components/responses/Problem${status}` },
          ]),
        ),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sealed juvenile records and no-criminal-record certificates',
      version: '1.0.0',
      description:
        'Sealing of juvenile criminal records under PRC law, and certificates of no criminal ' +
        'record that cannot give a sealed record away. Every error is an RFC 9457 problem ' +
        'document; every answer to a caller with a token is `Cache-Control: no-store`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A token of the citizens' or the agencies' identity provider.",
        },
        walletAccessToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The access token the wallet got from POST /v1/wallet/token.',
        },
      },
      schemas: { ...responseSchemas, Problem: problemSchema },
      responses: Object.fromEntries(
        Object.entries(problemResponses).map(([status, { description, headers }]) => [
          `Problem${status}`,
          {
            description,
            ...(headers ? { headers } : {}),
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          },
        ]),
      ),
    },
  };
}
