/**
 * The offer as a QR code a phone wallet scans: SVG from `qr` (no dependencies, ISO/IEC 18004),
 * error correction M, a quiet zone of 4 modules as the standard asks.
 */
import encodeQR from 'qr';

export function qrSvgOf(text: string): string {
  return encodeQR(text, 'svg', { ecc: 'medium', border: 4 });
}
