/**
 * Every answer the integration suite gets is checked against the OpenAPI document the
 * server publishes (`GET /openapi.json`): its status must be one the route declares, its
 * content type one the status declares, its required headers present, and its body valid
 * under the declared schema. Validation is Ajv's (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1 and of zod's output) with ajv-formats, over the document's own schemas; the
 * OpenAPI part — route, status, content, headers — is the few lines below.
 *
 * Routes are found with `matchRoute` from `shared/definitions/routes.ts`, so a route added
 * to the definitions is checked from its first request on, with nothing to register here.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { allowedMethods, matchRoute } from '#shared/definitions/routes.ts';

type Response = {
  description?: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema?: object }>;
  $ref?: string;
};
type Operation = { responses: Record<string, Response> };
export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, Response>; schemas?: Record<string, object> };
};

/** What the client received. */
export type Answer = {
  method: string;
  /** The request path, without the query. */
  path: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
};

const DOCUMENT_ID = 'https://sealed-records.test/openapi.json';

const isJson = (mediaType: string) => /^application\/([a-z.+-]+\+)?json$/.test(mediaType);

export class OpenApiValidator {
  readonly #ajv: Ajv2020;
  readonly #document: OpenApiDocument;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.#ajv);
    this.#ajv.addSchema({ ...document, $id: DOCUMENT_ID } as object);
  }

  /** The problems with an answer, as sentences; empty when it is as documented. */
  problemsWith(answer: Answer): string[] {
    const method = answer.method === 'HEAD' ? 'GET' : answer.method;
    const matched = matchRoute(method, answer.path);
    let template = matched?.route.path;
    let operationMethod = method.toLowerCase();
    if (!template) {
      // A path the API has, with another method: any of its operations declares the 405.
      const other = allowedMethods(answer.path).find((m) => m !== 'HEAD');
      if (!other) return []; // no such resource: nothing the document describes
      template = (matchRoute(other, answer.path)?.route.path ?? '') as string;
      operationMethod = other.toLowerCase();
    }
    const where = `${answer.method} ${template} → ${answer.status}`;
    const operation = this.#document.paths[template]?.[operationMethod];
    if (!operation) return [`${where}: the document has no such operation`];
    const declared =
      operation.responses[String(answer.status)] ??
      operation.responses[`${String(answer.status)[0]}XX`] ??
      operation.responses.default;
    if (!declared) return [`${where}: status not declared`];
    const response = this.#resolve(declared);
    const problems: string[] = [];
    for (const [name, { required }] of Object.entries(response.headers ?? {})) {
      if (required && answer.headers[name.toLowerCase()] === undefined) {
        problems.push(`${where}: required header ${name} missing`);
      }
    }
    if (answer.method === 'HEAD' || answer.body === '') {
      if (answer.method !== 'HEAD' && response.content) problems.push(`${where}: empty body`);
      return problems;
    }
    const mediaType = (answer.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const content = response.content?.[mediaType];
    if (!content) {
      const expected = Object.keys(response.content ?? {}).join(', ') || 'no body';
      return [...problems, `${where}: content type ${mediaType || 'none'}, expected ${expected}`];
    }
    if (!content.schema) return problems;
    let body: unknown = answer.body;
    if (isJson(mediaType)) {
      try {
        body = JSON.parse(answer.body);
      } catch {
        return [...problems, `${where}: body is not JSON`];
      }
    }
    const validate = this.#validatorFor(
      `${template} ${operationMethod} ${answer.status} ${mediaType}`,
      content.schema,
    );
    if (!validate(body)) {
      for (const error of validate.errors ?? []) {
        problems.push(`${where}: body${error.instancePath} ${error.message}`);
      }
    }
    return problems;
  }

  #resolve(response: Response): Response {
    if (!response.$ref) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    return this.#document.components.responses?.[name] ?? {};
  }

  /** A compiled validator for a schema of the document; its `$ref`s resolve in the document. */
  #validatorFor(key: string, schema: object): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile({
        $id: `https://sealed-records.test/answers/${this.#validators.size}`,
        ...rewriteRefs(schema),
      });
      this.#validators.set(key, validate);
    }
    return validate;
  }
}

/** `#/components/…` as a reference into the document, wherever the schema is compiled. */
function rewriteRefs(schema: object): object {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT_ID}#/`),
  ) as object;
}
