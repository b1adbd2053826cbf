/**
 * The inquiry result letter (API.md, Inquiries): invoked by the inquiry function for an
 * approved, acknowledged letter inquiry. It reads only what a letter needs — the application
 * and the disclosable set with each entry's letter facts — and no record at all, so it cannot
 * reach a sealed one.
 */
import { composeIssueLetter } from '#shared/composition/issueLetter.ts';
import { readConfig } from '#shared/config.ts';
import { resultFunction } from '#shared/http/resultFunction.ts';
import { IssueInquiryLetter } from '#shared/usecases/inquiryResults.ts';

const issueLetter = new IssueInquiryLetter(await composeIssueLetter(readConfig()));
export const handler = resultFunction((request) => issueLetter.execute(request));
