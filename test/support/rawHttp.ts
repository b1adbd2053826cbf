/**
 * HTTP/1.1 written by hand on a TCP socket, for what fetch refuses to send: request targets
 * such as `//[`, unknown methods, bodies on GET, headers that announce a body never sent.
 */
import { connect } from 'node:net';

export type RawResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server wrote, as received. */
  raw: string;
};

/** Parses one HTTP/1.1 response (Content-Length bodies; what this API sends). */
export function parseRawResponse(raw: string): RawResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  return { status, headers, body: raw.slice(end + 4, end + 4 + length), raw };
}

/**
 * Sends `request` as given and collects the first response: resolves once a complete
 * response has arrived (or the server closed the connection, or `timeoutMs` passed). The
 * socket is then closed, so a body announced but never sent is never sent.
 */
export function rawRequest(
  url: string,
  request: string | Buffer,
  options: { timeoutMs?: number; head?: boolean } = {},
): Promise<RawResponse | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawResponse(received.toString('latin1')));
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const parsed = parseRawResponse(received.toString('latin1'));
      const complete =
        parsed &&
        (options.head ||
          Buffer.byteLength(parsed.body, 'latin1') >=
            Number(parsed.headers['content-length'] ?? 0));
      if (complete) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(request);
  });
}

/** Decodes a body received as latin1 bytes. */
export function utf8(body: string): string {
  return Buffer.from(body, 'latin1').toString('utf8');
}
