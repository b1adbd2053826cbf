import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth } from '#shared/domain/calendar.ts';
import {
  birthDateFromNationalId,
  isValidNationalId,
  maskNationalId,
  nationalIdWithChecksum,
  normalizeNationalId,
} from '#shared/domain/nationalId.ts';

/** Widely published specimen number (GB 11643-1999 example). */
const SPECIMEN = '11010519491231002X';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

const birthDateDigitsArb = fc
  .record({ year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }) })
  .chain(({ year, month }) =>
    fc
      .integer({ min: 1, max: daysInMonth(year, month) })
      .map((day) => `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`),
  );

const first17Arb = fc
  .tuple(digits(6), birthDateDigitsArb, digits(3))
  .map(([area, birth, sequence]) => `${area}${birth}${sequence}`);

describe('Function: nationalIdWithChecksum', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['11010520040615001', '7'],
    ['44030419900101123', '3'],
  ])('%s → check character %s', (first17, check) => {
    expect(nationalIdWithChecksum(first17)).toBe(`${first17}${check}`);
  });

  it.each(['1101051949123100', '110105194912310023', '1101051949123100A', ''])(
    'throws RangeError for %j',
    (s) => {
      expect(() => nationalIdWithChecksum(s)).toThrow(RangeError);
    },
  );
});

describe('Function: isValidNationalId', () => {
  it.each([
    [SPECIMEN, true],
    ['11010519491231002x', true],
    [nationalIdWithChecksum('11010520040615001'), true],
    [nationalIdWithChecksum('11010520040229001'), true],
    ['110105194912310021', false],
    ['11010519491231002', false],
    ['11010519491231002X0', false],
    [` ${SPECIMEN}`, false],
    ['1101051949123100X2', false],
    ['11010519491231002Y', false],
    [nationalIdWithChecksum('11010520230229001'), false],
    [nationalIdWithChecksum('11010520041301001'), false],
    [nationalIdWithChecksum('11010518991231001'), false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isValidNationalId(s)).toBe(expected);
  });

  it('accepts every number built with its checksum and a real birth date', () => {
    fc.assert(
      fc.property(first17Arb, (first17) => {
        const id = nationalIdWithChecksum(first17);
        expect(isValidNationalId(id)).toBe(true);
        expect(isValidNationalId(id.toLowerCase())).toBe(true);
      }),
    );
  });

  it('rejects any single changed character (MOD 11-2 detects every substitution)', () => {
    fc.assert(
      fc.property(
        first17Arb,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (first17, position, replacement) => {
          const id = nationalIdWithChecksum(first17);
          fc.pre(id.charAt(position) !== replacement && (position === 17 || replacement !== 'X'));
          const changed = `${id.slice(0, position)}${replacement}${id.slice(position + 1)}`;
          expect(isValidNationalId(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('Function: normalizeNationalId', () => {
  it('trims and upper-cases the check character', () => {
    expect(normalizeNationalId('  11010519491231002x\t')).toBe(SPECIMEN);
    expect(normalizeNationalId(SPECIMEN)).toBe(SPECIMEN);
  });
});

describe('Function: maskNationalId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskNationalId(SPECIMEN)).toBe('110105********002X');
    expect(maskNationalId(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('hides the birth date of every valid number', () => {
    fc.assert(
      fc.property(first17Arb, (first17) => {
        const id = nationalIdWithChecksum(first17);
        const masked = maskNationalId(id);
        expect(masked).toHaveLength(18);
        expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
        expect(masked).not.toContain(id.slice(6, 14));
      }),
    );
  });

  it('throws RangeError without echoing the input', () => {
    expect(() => maskNationalId('1101051949')).toThrow(RangeError);
    expect(() => maskNationalId('1101051949')).not.toThrow(/1101051949/);
  });
});

describe('Function: birthDateFromNationalId', () => {
  it('reads characters 7–14 as the birth date', () => {
    expect(birthDateFromNationalId(SPECIMEN)).toBe('1949-12-31');
    expect(birthDateFromNationalId(nationalIdWithChecksum('11010520040229001'))).toBe('2004-02-29');
  });

  it('throws RangeError for an invalid number', () => {
    expect(() => birthDateFromNationalId('110105194912310021')).toThrow(RangeError);
  });
});

describe('errors about a national ID say what is wrong, never the number', () => {
  const id = nationalIdWithChecksum('99000120040615001');
  const wrongCheck = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;

  it.each<[string, () => unknown, string]>([
    ['birthDateFromNationalId', () => birthDateFromNationalId(wrongCheck), wrongCheck],
    ['maskNationalId', () => maskNationalId(id.slice(0, 12)), id.slice(0, 12)],
    ['nationalIdWithChecksum', () => nationalIdWithChecksum(id.slice(0, 16)), id.slice(0, 16)],
  ])('%s', (_name, call, input) => {
    expect(call).toThrow(RangeError);
    try {
      call();
    } catch (error) {
      expect((error as Error).message).toMatch(/[a-z]{3}/);
      expect((error as Error).message).not.toContain(input);
    }
  });
});
