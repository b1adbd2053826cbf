/**
 * Blind indexes (DESIGN.md invariant 4): keyed MACs over a normalised national ID or case
 * number, each kind with its own prefix. The exact message is a stored format — every index
 * already written was made from it — so it is pinned here.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blindIndexOfCase,
  blindIndexOfPerson,
  type MacGenerator,
  normalizeCaseNumber,
} from '#shared/domain/blindIndex.ts';
import { nationalIdWithChecksum } from '#shared/domain/nationalId.ts';

const decoder = new TextDecoder();

/** HMAC-SHA-256 with a test key, remembering what it was asked to MAC. */
function testMac() {
  const messages: string[] = [];
  const mac: MacGenerator = {
    generateMac: async (message) => {
      messages.push(decoder.decode(message));
      return new Uint8Array(createHmac('sha256', 'test-key').update(message).digest());
    },
  };
  return { mac, messages };
}

/** A synthetic ID (area code 99) whose check character is X. */
const ID_WITH_X = Array.from({ length: 1000 }, (_, n) =>
  nationalIdWithChecksum(`99000120040615${String(n).padStart(3, '0')}`),
).find((id) => id.endsWith('X')) as string;

describe('blindIndexOfPerson', () => {
  it('MACs `person:v1:` and the normalised ID, as base64url', async () => {
    const { mac, messages } = testMac();
    const index = await blindIndexOfPerson(mac, ` ${ID_WITH_X.toLowerCase()} `);
    expect(messages).toEqual([`person:v1:${ID_WITH_X}`]);
    expect(index).toBe(
      createHmac('sha256', 'test-key').update(`person:v1:${ID_WITH_X}`).digest('base64url'),
    );
  });

  it('finds the same person whether the check character is written x or X', async () => {
    const { mac } = testMac();
    expect(await blindIndexOfPerson(mac, ID_WITH_X.toLowerCase())).toBe(
      await blindIndexOfPerson(mac, ID_WITH_X),
    );
  });
});

describe('blindIndexOfCase', () => {
  it('MACs `case:v1:` and the normalised case number', async () => {
    const { mac, messages } = testMac();
    await blindIndexOfCase(mac, '（2099）测0000 刑初1号');
    expect(messages).toEqual(['case:v1:(2099)测0000刑初1号']);
  });

  it('a case number and a national ID of the same text never share an index', async () => {
    const { mac } = testMac();
    expect(await blindIndexOfCase(mac, ID_WITH_X)).not.toBe(
      await blindIndexOfPerson(mac, ID_WITH_X),
    );
  });
});

describe('normalizeCaseNumber', () => {
  it.each([
    ['（2099）测0000刑初1号', '(2099)测0000刑初1号'],
    ['(2099) 测0000 刑初 1号', '(2099)测0000刑初1号'],
    ['(2099)\t测0000\n刑初1号', '(2099)测0000刑初1号'],
    ['（２０９９）测０号', '(2099)测0号'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeCaseNumber(input)).toBe(expected);
  });
});
