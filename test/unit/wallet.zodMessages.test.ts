/**
 * A field message is the same whichever functions share a process: the OpenID4VCI libraries
 * set zod's process-wide error map when they load, and the wallet module sets it back.
 */
import { describe, expect, it } from 'vitest';
import { certificateRequestSchema } from '#shared/http/schemas/certificateRequest.ts';

const messagesFor = (body: unknown) =>
  certificateRequestSchema.safeParse(body).error?.issues.map((issue) => issue.message);

describe('zod messages once the wallet protocol is loaded', () => {
  it('are the messages of a process that never loaded it', async () => {
    const body = {
      purpose: 'no-such-purpose',
      justification: 'a justification long enough',
      unexpected: true,
    };
    const before = messagesFor(body);
    expect(before).toEqual([
      expect.stringMatching(/^Invalid option: expected one of /),
      'Unrecognized key: "unexpected"',
    ]);
    await import('#shared/domain/wallet/openid4vci.ts');
    expect(messagesFor(body)).toEqual(before);
  });
});
