/**
 * The inquiry result letter (API.md, Inquiries): invoked by the inquiry function for an
 * approved, acknowledged letter inquiry. Like the certificate function it cannot read sealed
 * data: it sees the disclosable set and decrypts only unsealed records, under the records key.
 */
import { composeIssueLetter } from '#shared/composition/issueLetter.ts';
import { readConfig } from '#shared/config.ts';
import { resultFunction } from '#shared/http/resultFunction.ts';
import { IssueInquiryLetter } from '#shared/usecases/inquiryResults.ts';

const issueLetter = new IssueInquiryLetter(await composeIssueLetter(readConfig()));
export const handler = resultFunction((request) => issueLetter.execute(request));
