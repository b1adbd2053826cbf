/** Reads a compact JWS without verifying it, for tests that compare credentials' form. */
export function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')),
  };
}

/** Every key path of a JSON value, sorted: the value's shape without its contents. */
export function shapeOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value))
    return [`${prefix}[]`, ...value.flatMap((v) => shapeOf(v, `${prefix}[]`))];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .flatMap(([k, v]) => [`${prefix}.${k}`, ...shapeOf(v, `${prefix}.${k}`)])
      .sort();
  }
  return [`${prefix}:${typeof value}`];
}
