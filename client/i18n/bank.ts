import { enBank } from './enBank.js';
import { scoped } from './i18n.js';
import { viBank } from './viBank.js';

/** The question bank page's messages; only its chunk imports this module. */
export const tBank = scoped({ vi: viBank, en: enBank });
export type BankKey = keyof typeof viBank;

/** A message by a key made at run time (an issue code), or `fallback` when this build does not know it. */
export function tBankCode(prefix: string, code: string, fallback: BankKey): string {
  const key = `${prefix}.${code}`;
  return key in viBank ? tBank(key as BankKey) : tBank(fallback);
}
