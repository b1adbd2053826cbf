/**
 * Subsets the CJK face of printed documents with HarfBuzz's own subsetter (`hb-subset`, the
 * `harfbuzzjs` WebAssembly build), which handles the CID-keyed CFF outlines of Noto Sans CJK
 * correctly (fontkit's subsetter, which pdf-lib uses by default, writes a CFF that poppler
 * cannot read). The face is taken straight out of Debian's `fonts-noto-cjk` collection
 * (`NotoSansCJK-Regular.ttc`), found by its PostScript name, so no font is kept in git.
 *
 * The collection (about 19 MB) is read and handed to HarfBuzz once per process, on the first
 * document; each subset is then a few hundred milliseconds, and tens of kilobytes.
 */
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import type { FontSubsetter } from '../../ports/fontSubsetter.ts';

/** The face of the collection printed documents use: Simplified Chinese glyph forms. */
export const DOCUMENT_FACE = 'NotoSansCJKsc-Regular';

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
/**
 * Dropped from every subset: the layout tables. Chinese and the Latin of these documents need
 * no shaping, and with them the layout engine substitutes contextual alternates (digits after
 * letters, ligatures) that some readers then draw with the wrong advance.
 */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'BASE', 'JSTF', 'vhea', 'vmtx', 'VORG'];

type HarfBuzzSubset = {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, codepoint: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_or_fail(face: number, input: number): number;
};

export class FontUnavailableError extends Error {
  override name = 'FontUnavailableError';
}

export class HarfBuzzFontSubsetter implements FontSubsetter {
  private readonly hb: HarfBuzzSubset;
  private readonly face: number;
  private constructor(hb: HarfBuzzSubset, face: number) {
    this.hb = hb;
    this.face = face;
  }

  /** Loads HarfBuzz and the collection's {@link DOCUMENT_FACE}; fails at once if either is missing. */
  static async load(files: { font: string; harfbuzzWasm: string }): Promise<HarfBuzzFontSubsetter> {
    const [collection, wasm] = await Promise.all([
      readFile(files.font),
      readFile(files.harfbuzzWasm),
    ]);
    const index = faceIndex(collection);
    const { instance } = await WebAssembly.instantiate(wasm, {});
    const hb = instance.exports as unknown as HarfBuzzSubset;
    hb._initialize();
    const pointer = hb.malloc(collection.byteLength);
    new Uint8Array(hb.memory.buffer).set(collection, pointer);
    // The blob and the face live as long as the process: every document subsets this face.
    const blob = hb.hb_blob_create(pointer, collection.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    const face = hb.hb_face_create(blob, index);
    hb.hb_blob_destroy(blob);
    return new HarfBuzzFontSubsetter(hb, face);
  }

  async subset(characters: string): Promise<Uint8Array> {
    const { hb } = this;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new FontUnavailableError('hb_subset_input_create_or_fail failed');
    try {
      const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const table of DROPPED_TABLES) hb.hb_set_add(dropped, tag(table));
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const character of characters) hb.hb_set_add(unicodes, character.codePointAt(0) ?? 0);
      const subset = hb.hb_subset_or_fail(this.face, input);
      if (subset === 0) throw new FontUnavailableError('hb_subset_or_fail failed');
      const blob = hb.hb_face_reference_blob(subset);
      try {
        const data = hb.hb_blob_get_data(blob, 0);
        const length = hb.hb_blob_get_length(blob);
        // A copy: the wasm memory may grow (and move) on the next call.
        return new Uint8Array(hb.memory.buffer).slice(data, data + length);
      } finally {
        hb.hb_blob_destroy(blob);
        hb.hb_face_destroy(subset);
      }
    } finally {
      hb.hb_subset_input_destroy(input);
    }
  }
}

/** An OpenType table tag as HarfBuzz's 32-bit number. */
function tag(name: string): number {
  return [...name].reduce((value, character) => value * 256 + character.charCodeAt(0), 0);
}

/**
 * The subsetter loaded on first use (and again after a failed load): every local stack and
 * test stack starts every function, and most never print.
 */
export function lazyHarfBuzzFontSubsetter(files: {
  font: string;
  harfbuzzWasm: string;
}): FontSubsetter {
  let loading: Promise<HarfBuzzFontSubsetter> | undefined;
  return {
    async subset(characters) {
      loading ??= HarfBuzzFontSubsetter.load(files).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).subset(characters);
    },
  };
}

/** The index of {@link DOCUMENT_FACE} in a collection (0 for a single font that is that face). */
function faceIndex(file: Buffer): number {
  const font = fontkit.create(file) as unknown as {
    fonts?: { postscriptName: string }[];
    postscriptName?: string;
  };
  const names = font.fonts?.map(({ postscriptName }) => postscriptName) ?? [font.postscriptName];
  const index = names.indexOf(DOCUMENT_FACE);
  if (index < 0) throw new FontUnavailableError(`the font file has no ${DOCUMENT_FACE} face`);
  return index;
}
