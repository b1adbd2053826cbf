/**
 * The signed-in official's session on a desk: the bearer token lives in this module's memory
 * only — never in localStorage, sessionStorage or a cookie — and every call goes to the API of
 * the origin that served the page (the page's Content-Security-Policy allows no other).
 */

export type Problem = {
  code?: string;
  status?: number;
  errors?: { path: string; message?: string }[];
};

/** What the token says about its holder, read for display and to choose what to show. */
export type Claims = { role: string; org: string; sub: string };

let token: string | undefined;
let claims: Claims | undefined;

/**
 * Keeps a pasted token (a leading `Bearer ` is dropped) and reads its claims. The page checks
 * nothing itself: the API verifies the token on every call, and a forged claim only changes
 * what this page offers to do, never what the API lets it do.
 */
export function keepToken(pasted: string): Claims | undefined {
  token = pasted.trim().replace(/^Bearer\s+/i, '');
  claims = claimsOf(token);
  return claims;
}

export function currentClaims(): Claims | undefined {
  return claims;
}

function claimsOf(jwt: string): Claims | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    return { role: text(parsed.role), org: text(parsed.org), sub: text(parsed.sub) };
  } catch {
    return undefined;
  }
}

/**
 * One call to the API. A body is sent as JSON with a fresh `Idempotency-Key`, kept for the
 * call's retries by the caller if it retries. A network failure rejects.
 */
export async function api(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; accept?: string; idempotencyKey?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token ?? ''}` };
  if (options.accept) headers.accept = options.accept;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  }
  return fetch(path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
  });
}

export async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return {};
  }
}
