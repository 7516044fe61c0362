import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, withinTolerance } from './decimal.js';

describe('parseDecimal', () => {
  it.each([
    ['3,14', [3.14]],
    ['3.14', [3.14]],
    ['-0,5', [-0.5]],
    ['−0,5', [-0.5]],
    ['– 2', [-2]],
    ['+7', [7]],
    [',5', [0.5]],
    ['.25', [0.25]],
    ['4,', [4]],
    ['0,125', [0.125]],
    ['1.234,5', [1234.5]],
    ['1,234.5', [1234.5]],
    ['1.234.567', [1234567]],
    ['1,234,567', [1234567]],
    ['12.345.678,9', [12345678.9]],
    ['1 234,5', [1234.5]],
    ['1\u00a0234\u00a0567', [1234567]],
    ['1\u202f234.5', [1234.5]],
    ['１２,５', [12.5]],
    ['1/4', [0.25]],
    ['-3/2', [-1.5]],
    ['  42  ', [42]],
    ['-0', [0]],
  ])('reads %j as %j', (text, readings) => {
    const r = parseDecimal(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.readings).toEqual(readings);
      expect(r.value).toBe(readings[0]);
    }
  });

  it.each([
    ['1.234', [1.234, 1234]],
    ['2,500', [2.5, 2500]],
    ['-1,000', [-1, -1000]],
  ])('gives both readings of the ambiguous %j, decimal first', (text, readings) => {
    expect(parseDecimal(text)).toEqual({ ok: true, value: readings[0], readings });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['abc', 'NOT_A_NUMBER'],
    ['3,14cm', 'NOT_A_NUMBER'],
    ['1e5', 'NOT_A_NUMBER'],
    ['--1', 'NOT_A_NUMBER'],
    ['.', 'NOT_A_NUMBER'],
    ['1/0', 'NOT_A_NUMBER'],
    ['1.2.3', 'BAD_GROUPING'],
    ['12,34,5', 'BAD_GROUPING'],
    ['1,23.4', 'BAD_GROUPING'],
    ['1.234,5,6', 'BAD_GROUPING'],
    ['12 34', 'BAD_GROUPING'],
    ['1 2345', 'BAD_GROUPING'],
    ['9'.repeat(41), 'NOT_A_NUMBER'],
  ])('refuses %j (%s)', (text, reason) => {
    expect(parseDecimal(text)).toEqual({ ok: false, reason });
  });

  const formats = [
    new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 }),
    new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6, useGrouping: false }),
    new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }),
    new Intl.NumberFormat('en-US', { maximumFractionDigits: 6, useGrouping: false }),
    new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 }),
  ];

  it('reads any number as vi-VN, en-US or fr-FR print it, grouped or not: one of its readings is the number (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...formats),
        (mantissa, decimals, format) => {
          const x = mantissa / 10 ** decimals;
          const r = parseDecimal(format.format(x));
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.readings.some((v) => withinTolerance(v, x, 0))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never throws and never returns a non-finite number (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '0', '9', ',', '.', ' ', '-', '/', '+', 'e', '\u00a0'), maxLength: 20 }), (s) => {
        const r = parseDecimal(s);
        if (r.ok) expect(r.readings.every(Number.isFinite)).toBe(true);
      }),
    );
  });
});

describe('withinTolerance', () => {
  it('absorbs binary rounding but nothing more', () => {
    expect(withinTolerance(0.1 + 0.2, 0.3, 0)).toBe(true);
    expect(withinTolerance(3.15, 3.14, 0.01)).toBe(true);
    expect(withinTolerance(3.16, 3.14, 0.01)).toBe(false);
    expect(withinTolerance(1e9 + 1, 1e9, 0)).toBe(false);
    expect(withinTolerance(1e9 + 1e-4, 1e9, 0)).toBe(true);
  });
});
