/**
 * The browser's table-driven codec against the generated static code the server uses: for every
 * message of the contract, random messages encode to the same bytes and decode to the same
 * objects either way (field values through the prototype, own keys, oneof names), and random or
 * damaged bytes are refused or read alike.
 */
import { describe, expect, it } from 'vitest';
import '../numbers.js';
import { classroom as generated } from '../gen/classroom.js';
import table from '../gen/classroomTable.js';
import { buildRoot, MAP, PRESENCE, REPEATED, type WireEnum, type WireMessage } from './tableCodec.js';

type Msg = Record<string, unknown>;
interface Codec {
  create(p?: Msg): Msg;
  encode(m: Msg): { finish(): Uint8Array };
  decode(b: Uint8Array): Msg;
}

const built = buildRoot(table)['classroom'] as Record<string, Record<string, unknown>>;
const staticV1 = generated.v1 as unknown as Record<string, unknown>;
const builtV1 = built['v1'] as Record<string, unknown>;
const messages = table.filter((e): e is WireMessage => Array.isArray(e[1]));
const enums = table.filter((e): e is WireEnum => !Array.isArray(e[1]));
const short = (path: string) => path.replace(/^classroom\.v1\./, '');

/** A small deterministic PRNG (mulberry32): the same messages on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'Vào lớp', 'Tiếng Việt có dấu ắ ặ ẫ', '😀 emoji', '__proto__', 'x'.repeat(300)];
const DOUBLES = [0, -0, 1, -1.5, 0.1, 1e300, -1e-300, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY];

function scalar(type: string, r: () => number): unknown {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  switch (type) {
    case 'string':
      return pick(STRINGS);
    case 'bool':
      return r() < 0.5;
    case 'uint32':
      return pick([0, 1, 127, 128, 300, 0xffff_ffff, Math.floor(r() * 0xffff_ffff)]);
    case 'int32':
      return pick([0, 1, 2, 3, -1, 0x7fff_ffff, -0x8000_0000, 99]);
    case 'uint64':
      return pick([0, 1, 1_733_400_000_000, Number.MAX_SAFE_INTEGER, Math.floor(r() * 2 ** 40)]);
    case 'double':
      return pick(DOUBLES);
    default:
      throw new Error(`no generator for ${type}`);
  }
}

/** A random message of table row `index` (nested messages up to `depth`). */
function randomMessage(index: number, r: () => number, depth: number): Msg {
  const [, fields, oneofs = []] = table[index] as WireMessage;
  const out: Msg = {};
  const chosenOneof = new Map<number, string>();
  oneofs.forEach(([, members], i) => {
    if (r() < 0.7) chosenOneof.set(i, members[Math.floor(r() * members.length)] as string);
  });
  for (const [name, , type, flags, oneof] of fields) {
    if (oneof !== undefined && (oneofs[oneof]?.[0] ?? '').startsWith('_') === false && chosenOneof.get(oneof) !== name) continue;
    if (oneof === undefined && r() < 0.3) continue;
    if (oneof !== undefined && (oneofs[oneof]?.[0] ?? '').startsWith('_') && r() < 0.4) continue;
    const one = () => (typeof type === 'number' ? (depth > 0 ? randomMessage(type, r, depth - 1) : {}) : scalar(type, r));
    if (flags & MAP) {
      const entries: Msg = {};
      for (let i = Math.floor(r() * 3); i > 0; i--) entries[scalar('string', r) as string] = one();
      out[name] = entries;
    } else if (flags & REPEATED) {
      out[name] = Array.from({ length: Math.floor(r() * 4) }, one);
    } else {
      out[name] = one();
    }
  }
  return out;
}

/** What a reader of the message sees: every field through the prototype, own keys, oneofs. */
function view(index: number, m: Msg): unknown {
  const [, fields, oneofs = []] = table[index] as WireMessage;
  const out: Record<string, unknown> = { ownKeys: Object.keys(m).sort() };
  for (const [name, , type, flags] of fields) {
    const v = m[name];
    if (typeof type !== 'number' || v == null) out[name] = v instanceof Uint8Array ? [...v] : v;
    else if (flags & MAP) out[name] = Object.fromEntries(Object.entries(v as Msg).map(([k, x]) => [k, view(type, x as Msg)]));
    else if (flags & REPEATED) out[name] = (v as Msg[]).map((x) => view(type, x));
    else out[name] = view(type, v as Msg);
    if (flags & PRESENCE) out[`has:${name}`] = Object.prototype.hasOwnProperty.call(m, name);
  }
  for (const [oneof] of oneofs) out[`oneof:${oneof}`] = m[oneof];
  return out;
}

describe('table codec vs generated static code', () => {
  it('has every message and enum of the generated code, and nothing else', () => {
    const staticNames = Object.keys(staticV1).sort();
    expect(Object.keys(builtV1).sort()).toEqual(staticNames);
    expect(messages.length + enums.length).toBe(staticNames.length);
  });

  it('enums: same names and values, and the reverse lookup', () => {
    for (const [path, values] of enums) {
      const s = staticV1[short(path)] as Record<string | number, unknown>;
      const b = builtV1[short(path)] as Record<string | number, unknown>;
      expect({ ...b }, path).toEqual({ ...s });
      for (const v of Object.values(values)) expect(b[v], `${path}[${v}]`).toBe(s[v]);
    }
  });

  it('every message: the same bytes and the same decoded objects both ways', () => {
    const r = prng(20261206);
    let checked = 0;
    messages.forEach((row) => {
      const index = table.indexOf(row);
      const S = staticV1[short(row[0])] as Codec;
      const B = builtV1[short(row[0])] as Codec;
      for (let i = 0; i < 40; i++) {
        const props = randomMessage(index, r, 2);
        const fromStatic = S.encode(S.create(props)).finish();
        const fromTable = B.encode(B.create(props)).finish();
        expect([...fromTable], `${row[0]} #${i} bytes`).toEqual([...fromStatic]);
        const expected = view(index, S.decode(fromStatic));
        expect(view(index, B.decode(fromStatic)), `${row[0]} #${i} decoded`).toEqual(expected);
        checked++;
      }
      // Absent fields read as the generated defaults.
      expect(view(index, B.decode(new Uint8Array(0))), `${row[0]} empty`).toEqual(view(index, S.decode(new Uint8Array(0))));
    });
    expect(checked).toBe(messages.length * 40);
  });

  it('damaged and random bytes: refused by both, or read alike', () => {
    const r = prng(7);
    const index = messages.findIndex((m) => m[0] === 'classroom.v1.ServerMessage');
    const row = messages[index] as WireMessage;
    const S = staticV1['ServerMessage'] as Codec;
    const B = builtV1['ServerMessage'] as Codec;
    const tableIndex = table.indexOf(row);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256));
      } else {
        // A real message with a few bytes flipped or cut short.
        bytes = S.encode(S.create(randomMessage(tableIndex, r, 2))).finish().slice();
        for (let k = 0; k < 2 && bytes.length; k++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
        if (r() < 0.3) bytes = bytes.slice(0, Math.floor(r() * bytes.length));
      }
      const read = (c: Codec) => {
        try {
          return { ok: view(tableIndex, c.decode(bytes)) };
        } catch {
          return { refused: true };
        }
      };
      const s = read(S);
      const b = read(B);
      // Unknown fields are dropped by the table codec (the client never re-encodes), kept by the
      // static code as $unknowns: compare what a reader of the fields sees.
      if ('ok' in s && 'ok' in b) {
        const drop = (v: unknown) => ({ ...(v as Record<string, unknown>), ownKeys: ((v as { ownKeys: string[] }).ownKeys).filter((k) => k !== '$unknowns') });
        expect(drop(b.ok), `bytes ${[...bytes].join(',')}`).toEqual(drop(s.ok));
      } else {
        expect(b, `bytes ${[...bytes].join(',')}`).toEqual(s);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('a field sent with the wrong wire type is skipped, as by the generated code', () => {
    // requestId (field 1, varint) sent as a length-delimited "string", then a real ack (field 3).
    const bytes = Uint8Array.from([0x0a, 0x02, 0x68, 0x69, 0x1a, 0x00]);
    const B = builtV1['ServerMessage'] as Codec;
    const m = B.decode(bytes);
    expect(m['requestId']).toBe(0);
    expect(m['body']).toBe('ack');
  });

  it('a sub-message longer than what is left is refused', () => {
    // ServerMessage.join (field 4) announcing 127 bytes with none following.
    const B = builtV1['ServerMessage'] as Codec;
    expect(() => B.decode(Uint8Array.from([0x22, 0x7f]))).toThrow(/index out of range/);
  });
});
