/**
 * POST /v1/documents/pdf — the caller's own certificate (citizen) or inquiry result letter
 * (the roles that receive letters) as a printable A4 PDF with the signed document in a QR
 * code. Verified against the issuer's own keys before a page is drawn, and audited.
 * The answer is `application/pdf` (send `Accept: application/pdf`: API Gateway passes binary
 * media types through only when the client accepts them). Refusals too are about the caller's
 * own document: no cache keeps them (`no-store` on every answer).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { composePrintDocument } from '#shared/composition/printDocument.ts';
import { readConfig } from '#shared/config.ts';
import {
  type ApiEvent,
  authorizeRoles,
  jsonRequestBody,
  noStoreByDefault,
  problemDetails,
  restApiRequest,
} from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { printRequestSchema } from '#shared/http/schemas/printRequest.ts';
import { logger, metrics, traceHandler } from '#shared/observability.ts';
import { PrintDocument } from '#shared/usecases/printDocument.ts';

export function printDocumentHandler(printDocument: PrintDocument) {
  return middy<ApiEvent>()
    .use(restApiRequest())
    .use(noStoreByDefault())
    .use(traceHandler())
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(problemDetails(logger, metrics))
    .use(authorizeRoles(['citizen', 'unit', 'court', 'procuratorate', 'police']))
    .use(jsonRequestBody({ maxBytes: 20 * 1024 }))
    .handler(async (event) => {
      const parsed = printRequestSchema.safeParse(event.jsonBody);
      if (!parsed.success) throw validationProblem(parsed.error);
      const { subject, role, organisation, nationalId, name } = event.caller;
      const printed = await printDocument.execute(parsed.data.document, {
        subject,
        role,
        organisation,
        ...(nationalId === undefined ? {} : { nationalId }),
        ...(name === undefined ? {} : { name }),
      });
      metrics.addMetric('DocumentsPrinted', MetricUnit.Count, 1);
      logger.info('document printed', { kind: printed.kind, documentId: printed.documentId });
      return {
        statusCode: 200,
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `attachment; filename="${printed.kind}.pdf"`,
          'cache-control': 'no-store',
        },
        body: Buffer.from(printed.bytes).toString('base64'),
        isBase64Encoded: true,
      };
    });
}

const config = readConfig();
export const handler = printDocumentHandler(new PrintDocument(await composePrintDocument(config)));
