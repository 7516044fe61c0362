import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SINGLE, TRUE_FALSE, NUMERIC } from '../__fixtures__/questions.js';
import { displayLetter, newSeed, paperFor, paperItemOf, seededRng, shuffled, xoshiro128StarStar } from './shuffle.js';

describe('seeded shuffling', () => {
  it('xoshiro128** gives the reference C implementation\'s numbers for state {1, 2, 3, 4}', () => {
    const next = xoshiro128StarStar([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, next)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('GOLDEN: these seeds give these numbers and papers forever (a change breaks every recorded paper)', () => {
    const rng = seededRng('golden-seed', 'order');
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toMatchInlineSnapshot(`
      [
        1339600450,
        1326179841,
        2216324122,
        4093326615,
      ]
    `);
    expect(shuffled(['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'], seededRng('abc'))).toMatchInlineSnapshot(`
      [
        "q5",
        "q6",
        "q3",
        "q4",
        "q8",
        "q7",
        "q2",
        "q1",
      ]
    `);
    const items = [paperItemOf('q1', SINGLE.body, 'I'), paperItemOf('q2', SINGLE.body, 'I'), paperItemOf('q3', SINGLE.body, 'I'), paperItemOf('q4', TRUE_FALSE.body, 'II')];
    expect(paperFor('0123456789abcdef0123456789abcdef', items, { shuffleQuestions: true, shuffleOptions: true })).toMatchInlineSnapshot(`
      {
        "itemOrder": {
          "q1": [
            "B",
            "A",
            "D",
            "C",
          ],
          "q2": [
            "C",
            "A",
            "B",
            "D",
          ],
          "q3": [
            "B",
            "A",
            "D",
            "C",
          ],
          "q4": [
            "a",
            "b",
            "c",
            "d",
          ],
        },
        "questionIds": [
          "q2",
          "q3",
          "q1",
          "q4",
        ],
      }
    `);
  });

  it('the same seed gives the same paper; another seed (almost always) another', () => {
    const items = Array.from({ length: 20 }, (_, i) => paperItemOf(`q${i}`, SINGLE.body));
    const opts = { shuffleQuestions: true, shuffleOptions: true };
    expect(paperFor('s1', items, opts)).toEqual(paperFor('s1', items, opts));
    expect(paperFor('s1', items, opts)).not.toEqual(paperFor('s2', items, opts));
  });

  it('adding a question does not change the option order of the others', () => {
    const a = paperFor('seed', [paperItemOf('q1', SINGLE.body), paperItemOf('q2', SINGLE.body)], { shuffleQuestions: true, shuffleOptions: true });
    const b = paperFor('seed', [paperItemOf('q1', SINGLE.body), paperItemOf('q9', NUMERIC.body), paperItemOf('q2', SINGLE.body)], { shuffleQuestions: true, shuffleOptions: true });
    expect(b.itemOrder['q1']).toEqual(a.itemOrder['q1']);
    expect(b.itemOrder['q2']).toEqual(a.itemOrder['q2']);
  });

  it('keeps sections in order, the author order when asked, and fixed-order options', () => {
    const items = [
      paperItemOf('i1', SINGLE.body, 'I'),
      paperItemOf('i2', SINGLE.body, 'I'),
      paperItemOf('ii1', TRUE_FALSE.body, 'II'),
      paperItemOf('iii1', NUMERIC.body, 'III'),
      paperItemOf('iii2', NUMERIC.body, 'III'),
    ];
    for (const seed of ['a', 'b', 'c', 'd']) {
      const p = paperFor(seed, items, { shuffleQuestions: true, shuffleOptions: true });
      expect(p.questionIds.slice(0, 2).sort()).toEqual(['i1', 'i2']);
      expect(p.questionIds[2]).toBe('ii1');
      expect(p.questionIds.slice(3).sort()).toEqual(['iii1', 'iii2']);
      expect(p.itemOrder['ii1']).toEqual(['a', 'b', 'c', 'd']); // TRUE_FALSE has fixedOrder
      expect(p.itemOrder['iii1']).toBeUndefined();
    }
    expect(paperFor('x', items, { shuffleQuestions: false, shuffleOptions: false })).toEqual({
      questionIds: ['i1', 'i2', 'ii1', 'iii1', 'iii2'],
      itemOrder: { i1: ['A', 'B', 'C', 'D'], i2: ['A', 'B', 'C', 'D'], ii1: ['a', 'b', 'c', 'd'] },
    });
  });

  it('a shuffle is a permutation (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.integer(), { maxLength: 50 }), (seed, items) => {
        expect(shuffled(items, seededRng(seed)).sort()).toEqual([...items].sort());
      }),
    );
  });

  it('below(n) stays in range and is roughly uniform', () => {
    const rng = seededRng('uniform');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.below(4)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => rng.below(0)).toThrow(RangeError);
  });

  it('every order of four options comes up (no stuck permutation)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(shuffled(['A', 'B', 'C', 'D'], seededRng(`s${i}`)).join(''));
    expect(seen.size).toBe(24);
  });

  it('newSeed gives 128 random bits in hex', () => {
    expect(newSeed()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSeed()).not.toBe(newSeed());
    expect([displayLetter(0), displayLetter(3), displayLetter(1, true)]).toEqual(['A', 'D', 'b']);
  });
});
