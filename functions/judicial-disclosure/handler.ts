/**
 * The judicial full file (CPL art. 286; API.md, Inquiries): invoked by the inquiry function
 * for an approved, acknowledged judicial inquiry. With the sealing service, the only function
 * that may decrypt under the sealed-archive key (DESIGN.md invariant 2).
 */
import { composeJudicialDisclosure } from '#shared/composition/judicialDisclosure.ts';
import { readConfig } from '#shared/config.ts';
import { resultFunction } from '#shared/http/resultFunction.ts';
import { DiscloseFullFile } from '#shared/usecases/inquiryResults.ts';

const discloseFullFile = new DiscloseFullFile(await composeJudicialDisclosure(readConfig()));
export const handler = resultFunction((request) => discloseFullFile.execute(request));
