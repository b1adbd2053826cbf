/**
 * GET /v1/audit?from=ISO&to=ISO — the audit trail for supervisors, as NDJSON (API.md,
 * Oversight): entries and signed checkpoints, each chain closed by a fresh checkpoint.
 * API Gateway buffers a Lambda's answer (at most 6 MB): a larger export is refused with 413
 * and the advice to narrow the window, never cut short.
 */
import { composeAuditTrail } from '#shared/composition/auditTrail.ts';
import { readConfig } from '#shared/config.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import { auditWindowQuerySchema } from '#shared/http/schemas/auditExport.ts';
import { ExportAuditTrail } from '#shared/usecases/auditTrail.ts';

const MAX_EXPORT_BYTES = 5 * 1024 * 1024;

const windowSchema = auditWindowQuerySchema.transform(({ from, to }) => ({
  from: from && new Date(from).toISOString(),
  to: to && new Date(to).toISOString(),
}));

export function auditExportHandler(exportTrail: ExportAuditTrail) {
  return readEndpoint({ roles: ['supervisor'] }).handler(async (event) => {
    const window = windowSchema.safeParse(event.queryStringParameters ?? {});
    if (!window.success) throw validationProblem(window.error);
    const lines: string[] = [];
    let bytes = 0;
    for await (const line of exportTrail.lines(window.data, {
      subject: event.caller.subject,
      org: event.caller.organisation,
    })) {
      bytes += Buffer.byteLength(line) + 1;
      if (bytes > MAX_EXPORT_BYTES) {
        throw problems.contentTooLarge('The export exceeds 5 MiB: narrow it with from and to.');
      }
      lines.push(line);
    }
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' },
      body: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    };
  });
}

export const handler = auditExportHandler(
  new ExportAuditTrail(await composeAuditTrail(readConfig())),
);
