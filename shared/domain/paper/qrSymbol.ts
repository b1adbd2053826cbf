/**
 * The QR code a printed document carries: the signed credential itself (the compact JWS, byte
 * mode, ISO/IEC 18004), so that a verifier who scans it holds exactly what the issuer signed
 * and checks it offline as it would the file. Error correction M (15 % of the symbol may be
 * lost to a fold, a stain or a stamp) when the credential fits at M; otherwise L, which
 * still carries the largest letters a basis can produce in a version-40 symbol. A credential
 * too large even for that is refused: printing it without a verifiable code would make paper
 * that only looks genuine.
 */
import encodeQR from 'qr';

/** Root of the paper module's errors. */
export class PaperError extends Error {
  override name = 'PaperError';
}

/** The credential does not fit in the largest QR symbol (version 40 at error correction L). */
export class TooLargeForQrError extends PaperError {
  override name = 'TooLargeForQrError';
  readonly code = 'too-large-to-print';
}

export type QrSymbol = {
  /** `modules[row][column]`: true for a dark module; no quiet zone. */
  modules: boolean[][];
  /** 1–40: (size − 17) / 4. */
  version: number;
  ecc: 'medium' | 'low';
};

export function qrSymbolOf(text: string): QrSymbol {
  for (const ecc of ['medium', 'low'] as const) {
    let withBorder: boolean[][];
    try {
      // `qr` insists on a quiet zone of at least one module: drawn here, trimmed below.
      withBorder = encodeQR(text, 'raw', { ecc, encoding: 'byte', border: 1 });
    } catch {
      continue;
    }
    const modules = withBorder.slice(1, -1).map((row) => row.slice(1, -1));
    return { modules, version: (modules.length - 17) / 4, ecc };
  }
  throw new TooLargeForQrError(
    `The document is ${text.length} characters long: more than a QR code (version 40, error correction L) holds.`,
  );
}
