/**
 * A strict reading of one line of an audit export. `JSON.parse` keeps the last of two equal
 * member names, so `{"outcome":"refused","outcome":"done"}` reads one way to `grep` and
 * another to a verifier; and it forgets how a number was written. Here a line is refused
 * unless it is exactly one JSON value with no member name twice in any object, and unless it
 * is byte for byte its own RFC 8785 canonical form — so whitespace, member order,
 * `1.0` for `1`, escapes and duplicates are all tampering, not style.
 *
 * The parser is `@humanwhocodes/momoa` (the JSON tokenizer and AST behind ESLint's JSON
 * support, maintained by ESLint's author): it keeps every member of an object, duplicates
 * included, so they can be counted — which no `JSON.parse`-based library can do.
 */
import { evaluate, parse } from '@humanwhocodes/momoa';
import { canonicalJson } from '../canonicalJson.ts';

export type StrictJson =
  | { ok: true; value: unknown }
  | { ok: false; problem: 'not-json' | 'duplicate-key' | 'not-canonical' };

type Node = ReturnType<typeof parse>['body'];

function hasDuplicateKey(node: Node): boolean {
  if (node.type === 'Object') {
    const names = new Set<string>();
    for (const member of node.members) {
      const name = member.name.type === 'String' ? member.name.value : member.name.name;
      if (names.has(name)) return true;
      names.add(name);
      if (hasDuplicateKey(member.value)) return true;
    }
    return false;
  }
  if (node.type === 'Array') return node.elements.some((element) => hasDuplicateKey(element.value));
  return false;
}

export function parseStrictLine(line: string): StrictJson {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(line, { mode: 'json' });
  } catch {
    return { ok: false, problem: 'not-json' };
  }
  if (hasDuplicateKey(document.body)) return { ok: false, problem: 'duplicate-key' };
  const value = evaluate(document);
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch {
    return { ok: false, problem: 'not-canonical' };
  }
  return canonical === line ? { ok: true, value } : { ok: false, problem: 'not-canonical' };
}
