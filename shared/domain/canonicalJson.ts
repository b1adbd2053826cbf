/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme): equal values always give equal
 * text — members sorted by UTF-16 code units, ECMAScript number and string serialisation,
 * no whitespace. Used where text is hashed: record IDs, audit-chain hashes, comparisons of
 * stored and resubmitted records.
 *
 * The serialisation is the `canonicalize` package's (by an author of the RFC). This wrapper
 * only refuses values JSON cannot carry, which would otherwise be dropped silently (a
 * function member), or turned into `{}` (a `Map`, a class instance): a hash must never be
 * taken over a silently changed value.
 */
import canonicalize from 'canonicalize';

/** A value that has no JSON representation (a function, a symbol, a bigint, NaN, a Map…). */
export class NotJsonError extends TypeError {
  override name = 'NotJsonError';
}

/**
 * `value` as RFC 8785 text. As with `JSON.stringify`, members whose value is `undefined` are
 * left out, `undefined` array elements become `null`, and objects with `toJSON` (a `Date`)
 * are serialised as what it returns.
 */
export function canonicalJson(value: unknown): string {
  assertJson(value, '$', new Set());
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    // A string with a lone surrogate, which I-JSON (RFC 7493 §2.1) forbids.
    throw new NotJsonError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
  if (text === undefined) throw new NotJsonError('$ has no JSON representation');
  return text;
}

function assertJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${path} is not a finite number`);
      return;
    case 'object':
      break;
    default:
      throw new NotJsonError(`${path} is a ${typeof value}, which JSON cannot represent`);
  }
  if (value === null) return;
  if (ancestors.has(value)) throw new NotJsonError(`${path} refers back to itself`);
  ancestors.add(value);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    assertJson(toJSON.call(value), path, ancestors);
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      if (item !== undefined) assertJson(item, `${path}[${index}]`, ancestors);
    });
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new NotJsonError(`${path} is not a plain object, which JSON cannot represent`);
    }
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) assertJson(member, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}
