/**
 * `npm run verify` for a wallet's presentation (`<sd-jwt>~<disclosures>~<kb-jwt>`): the
 * verifier's `--nonce` and `--audience` are required — without them a copied presentation
 * could not be told from a fresh one — and the verdict lists exactly the disclosed claims.
 */
import type { TrustBundle } from '../shared/domain/credential/didDocument.ts';
import {
  type PresentationVerdict,
  verifyPresentation,
} from '../shared/domain/credential/verifyPresentation.ts';

/** `PRESENTATION` as a command-line argument: base64url parts joined by `.` and `~`. */
export const PRESENTATION = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~[A-Za-z0-9_.~-]*$/;

export async function presentationVerdict(
  presentation: string,
  bundle: TrustBundle,
  options: { nonce?: string; audience?: string; now?: Date; json: boolean },
): Promise<{ output: string; valid: boolean }> {
  const { nonce, audience } = options;
  if (nonce === undefined || audience === undefined) {
    throw new Error(
      'a presentation needs --nonce and --audience: the nonce you gave the holder and your own identifier',
    );
  }
  const verdict = await verifyPresentation(presentation, bundle, {
    nonce,
    audience,
    now: options.now,
  });
  return {
    output: options.json ? `${JSON.stringify(verdict, null, 2)}\n` : render(verdict),
    valid: verdict.valid,
  };
}

const labels = {
  name: 'Name',
  nationalIdMasked: 'National ID',
  purpose: 'Purpose',
  checkedAt: 'Records checked',
} as const;

function render(verdict: PresentationVerdict): string {
  if (!verdict.valid) {
    const reasons = verdict.reasons.map(({ code, message }) => `  - ${message} [${code}]`);
    return ['NOT VALID — do not rely on this presentation.', ...reasons, ''].join('\n');
  }
  const { presentation } = verdict;
  const disclosed = Object.entries(presentation.disclosed).map(
    ([claim, value]) => [labels[claim as keyof typeof labels], String(value)] as const,
  );
  const rows: (readonly [string, string])[] = [
    ...disclosed,
    ['Valid from', formatDate(presentation.notBefore)],
    ['Valid until', formatDate(presentation.expires)],
    ['Presented at', formatDate(presentation.presentedAt)],
    ['Issuer', presentation.issuer],
  ];
  return [
    'VALID — no criminal record on file (presented by the holder’s wallet).',
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(17)}${value}`),
    disclosed.length < 4 ? '  Not disclosed:  the holder withheld the other claims.' : '',
    '',
  ]
    .filter((line, index, all) => line !== '' || index === all.length - 1)
    .join('\n');
}

function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
