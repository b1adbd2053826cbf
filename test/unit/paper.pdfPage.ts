/**
 * Reads back what a rendered PDF page draws, for the paper tests: each text with its position,
 * size and colour (decoded through the font's ToUnicode map), and each filled or stroked path
 * with its points and line width. Only the operators pdf-lib writes for `drawText`, `drawRectangle` and
 * `drawLine` are understood — enough to check where things are, not a general PDF reader.
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFName,
  type PDFRawStream,
} from 'pdf-lib';

export const MM = 72 / 25.4;
export const PAGE = { width: 210 * MM, height: 297 * MM };
export const MARGIN = 20 * MM;

export type DrawnText = { text: string; x: number; y: number; size: number; color: string };
export type DrawnPath = {
  points: [number, number][];
  paint: 'f' | 'S' | 'B';
  color: string;
  /** The line width a stroke is drawn with. */
  width: number;
};

const streamText = (stream: PDFRawStream) =>
  new TextDecoder('latin1').decode(decodePDFRawStream(stream).decode());

/** CID → text, from the ToUnicode map of the one Type0 font. */
function toUnicode(pdf: PDFDocument): Map<string, string> {
  const type0 = pdf.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .find(
      (object): object is PDFDict =>
        object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type0'),
    );
  if (!type0) throw new Error('no Type0 font');
  const cmap = streamText(type0.lookup(PDFName.of('ToUnicode')) as PDFRawStream);
  const map = new Map<string, string>();
  for (const [, cid, unicode] of cmap.matchAll(/^<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>$/gm)) {
    const units = (unicode as string).match(/.{4}/g) ?? [];
    map.set(
      (cid as string).toUpperCase(),
      String.fromCharCode(...units.map((u) => parseInt(u, 16))),
    );
  }
  return map;
}

export function drawnOn(pdf: PDFDocument, pageIndex: number) {
  const unicode = toUnicode(pdf);
  const contents = pdf.getPage(pageIndex).node.Contents();
  const streams =
    contents instanceof PDFArray
      ? contents.asArray().map((ref) => pdf.context.lookup(ref) as PDFRawStream)
      : [contents as unknown as PDFRawStream];
  const texts: DrawnText[] = [];
  const paths: DrawnPath[] = [];
  let fill = '';
  let stroke = '';
  let size = 0;
  let lineWidth = 1;
  let at: [number, number] = [0, 0];
  let origin: [number, number] = [0, 0];
  let points: [number, number][] = [];
  const operators: [RegExp, (m: RegExpMatchArray) => void][] = [
    [
      /^q$/,
      () => {
        origin = [0, 0];
        points = [];
      },
    ],
    [
      /^(\S+) (\S+) (\S+) rg$/,
      (m) => {
        fill = m.slice(1, 4).join(' ');
      },
    ],
    [
      /^(\S+) (\S+) (\S+) RG$/,
      (m) => {
        stroke = m.slice(1, 4).join(' ');
      },
    ],
    [
      /^(\S+) w$/,
      (m) => {
        lineWidth = Number(m[1]);
      },
    ],
    [
      /^\/\S+ (\S+) Tf$/,
      (m) => {
        size = Number(m[1]);
      },
    ],
    [
      /^1 0 0 1 (\S+) (\S+) Tm$/,
      (m) => {
        at = [Number(m[1]), Number(m[2])];
      },
    ],
    [
      /^1 0 0 1 (\S+) (\S+) cm$/,
      (m) => {
        origin = [origin[0] + Number(m[1]), origin[1] + Number(m[2])];
      },
    ],
    [
      /^<([0-9A-Fa-f]*)> Tj$/,
      (m) => {
        const cids = (m[1] as string).toUpperCase().match(/.{4}/g) ?? [];
        const text = cids.map((cid) => unicode.get(cid) ?? '\uFFFD').join('');
        texts.push({ text, x: at[0], y: at[1], size, color: fill });
      },
    ],
    [
      /^(\S+) (\S+) [ml]$/,
      (m) => {
        points.push([origin[0] + Number(m[1]), origin[1] + Number(m[2])]);
      },
    ],
    [
      /^([fSB])$/,
      (m) => {
        const paint = m[1] as DrawnPath['paint'];
        paths.push({ points, paint, color: paint === 'f' ? fill : stroke, width: lineWidth });
        points = [];
      },
    ],
  ];
  for (const stream of streams) {
    for (const line of streamText(stream).split('\n')) {
      const op = line.trim();
      for (const [pattern, apply] of operators) {
        const match = op.match(pattern);
        if (match) {
          apply(match);
          break;
        }
      }
    }
  }
  return { texts, paths };
}
