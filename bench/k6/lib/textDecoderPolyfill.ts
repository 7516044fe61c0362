/**
 * A UTF-8 TextDecoder for k6 versions whose runtime has none (the global arrived in k6 only in
 * 2026): the generated protobuf code (protobufjs 8) creates one when it loads. Injected at the top
 * of every k6 bundle by `npm run bench:k6:build`; does nothing where TextDecoder exists.
 */
interface DecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

class Utf8Decoder {
  readonly encoding = 'utf-8';
  readonly fatal: boolean;
  readonly ignoreBOM: boolean;

  constructor(label = 'utf-8', options: DecoderOptions = {}) {
    if (!/^utf-?8$/i.test(label)) throw new RangeError(`TextDecoder polyfill: only utf-8, not ${label}`);
    this.fatal = options.fatal === true;
    this.ignoreBOM = options.ignoreBOM === true;
  }

  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (input === undefined) return '';
    const b = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const units: number[] = [];
    let out = '';
    let i = 0;
    if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    const bad = () => {
      if (this.fatal) throw new TypeError('The encoded data was not valid UTF-8');
      units.push(0xfffd);
    };
    while (i < b.length) {
      const c = b[i] as number;
      let need = 0;
      let cp = 0;
      let min = 0;
      if (c < 0x80) {
        units.push(c);
        i++;
      } else {
        if (c >= 0xc2 && c <= 0xdf) [need, cp, min] = [1, c & 0x1f, 0x80];
        else if (c >= 0xe0 && c <= 0xef) [need, cp, min] = [2, c & 0x0f, 0x800];
        else if (c >= 0xf0 && c <= 0xf4) [need, cp, min] = [3, c & 0x07, 0x10000];
        else {
          bad();
          i++;
          continue;
        }
        let j = 1;
        for (; j <= need; j++) {
          const d = b[i + j];
          if (d === undefined || (d & 0xc0) !== 0x80) break;
          cp = (cp << 6) | (d & 0x3f);
        }
        if (j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          bad();
          i += Math.max(1, j);
          continue;
        }
        i += need + 1;
        if (cp >= 0x10000) {
          cp -= 0x10000;
          units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
        } else units.push(cp);
      }
      if (units.length >= 4096) out += String.fromCharCode(...units.splice(0));
    }
    return out + String.fromCharCode(...units);
  }
}

const g = globalThis as { TextDecoder?: unknown };
if (typeof g.TextDecoder === 'undefined') g.TextDecoder = Utf8Decoder;

export {};
