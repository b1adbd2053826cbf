/** The font of printed documents, cut down to the characters one document shows. */
export interface FontSubsetter {
  /**
   * An OpenType font holding the glyphs of `characters` (and whatever the face needs to
   * render them), deterministic: the same characters give the same bytes.
   */
  subset(characters: string): Promise<Uint8Array>;
}
