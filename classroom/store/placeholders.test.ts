import { describe, expect, it } from 'vitest';
import { toNumberedPlaceholders } from './placeholders.js';

describe('toNumberedPlaceholders', () => {
  it('numbers ? placeholders in order', () => {
    expect(toNumberedPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  it('leaves ? inside string literals, quoted identifiers and comments alone', () => {
    const sql = `SELECT 'what?', 'it''s ?', "col?" FROM t -- why?\nWHERE x = ? /* and ? */ AND y = ?`;
    expect(toNumberedPlaceholders(sql)).toBe(`SELECT 'what?', 'it''s ?', "col?" FROM t -- why?\nWHERE x = $1 /* and ? */ AND y = $2`);
  });

  it('keeps SQL without placeholders unchanged', () => {
    expect(toNumberedPlaceholders('SELECT 1')).toBe('SELECT 1');
  });
});
