/**
 * The OpenAPI 3.1 document, generated from the route definitions and the zod request and
 * response schemas (zod's own JSON Schema output; OpenAPI 3.1 schemas are JSON Schema
 * 2020-12).
 */
import * as z from 'zod';
import { routes } from '../definitions/routes.ts';
import {
  certificateOfferRequestSchema,
  certificateRequestSchema,
} from './schemas/certificateRequest.ts';
import {
  inquiryAcknowledgementSchema,
  inquiryApplicationSchema,
  inquiryDecisionSchema,
} from './schemas/inquiry.ts';
import {
  complaintResolutionSchema,
  complaintSchema,
  opinionReplySchema,
  opinionReviewDecisionSchema,
  opinionReviewRequestSchema,
  opinionSchema,
} from './schemas/oversight.ts';
import { printRequestSchema } from './schemas/printRequest.ts';
import { recordSubmissionSchema } from './schemas/recordSubmission.ts';
import { successResponses } from './schemas/responses.ts';
import { reviewDecisionSchema } from './schemas/review.ts';

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
  'POST /v1/complaints/{id}/resolution': complaintResolutionSchema,
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

/** `{name}` segments of a route path, as OpenAPI path parameters. */
function pathParameters(path: string) {
  return [...path.matchAll(/\{([a-zA-Z]+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** A zod schema as a JSON Schema to embed: without its own `$schema` (the document's applies). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io });
  return rest;
}

export function openApiDocument(baseUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const responseSchemas: Record<string, unknown> = {};
  for (const route of routes) {
    const schema = requestSchemas[`${route.method} ${route.path}`];
    const form = formSchemas[`${route.method} ${route.path}`];
    const success = successResponses[`${route.method} ${route.path}`];
    if (success) responseSchemas[success.name] = jsonSchema(success.schema, 'output');
    const secured = route.auth.kind === 'jwt';
    const operation: Record<string, unknown> = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      ...(secured
        ? {
            security: [{ bearer: [] }],
            description: `Roles: ${route.auth.kind === 'jwt' ? route.auth.roles.join(', ') : ''}.`,
          }
        : {}),
      ...(!schema && pathParameters(route.path).length > 0
        ? { parameters: pathParameters(route.path) }
        : {}),
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
            parameters: [
              ...pathParameters(route.path),
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: false,
                schema: { type: 'string', maxLength: 255 },
                description: 'A retry with the same key returns the first response.',
              },
            ],
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
              },
            }
          : { [schema ? '201' : '200']: { description: 'Success' } }),
        ...(schema
          ? {
              '400': problemResponse('Invalid request; `errors` names each field.'),
              '413': problemResponse('Body or a field too large.'),
              '415': problemResponse('Body is not JSON.'),
            }
          : {}),
        ...(secured
          ? {
              '401': problemResponse('Missing or invalid token.'),
              '403': problemResponse('Role not allowed.'),
            }
          : {}),
        '503': problemResponse('A dependency failed; nothing changed. See Retry-After.'),
      },
    };
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sealed juvenile records and no-criminal-record certificates',
      version: '1.0.0',
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...responseSchemas, Problem: problemSchema },
    },
  };
}
