/** Node stand-in for `k6/crypto`: hmac and the hash functions, with k6's output encodings. */
import { createHash, createHmac } from 'node:crypto';

type Encoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';

const bytes = (x: string | ArrayBuffer) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x));

function encode(digest: Buffer, enc: Encoding): string | ArrayBuffer {
  switch (enc) {
    case 'hex':
      return digest.toString('hex');
    case 'base64':
      return digest.toString('base64');
    case 'base64url': // k6: URL alphabet, with padding
      return digest.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'base64rawurl':
      return digest.toString('base64url');
    case 'binary':
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
    default:
      throw new Error(`unsupported output encoding ${String(enc)}`);
  }
}

const NODE_ALG: Record<string, string> = { md4: 'md4', md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160' };
const alg = (a: string) => {
  const n = NODE_ALG[a];
  if (!n) throw new Error(`unsupported algorithm ${a}`);
  return n;
};

export function hmac(algorithm: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, outputEncoding: Encoding): string | ArrayBuffer {
  return encode(createHmac(alg(algorithm), bytes(secret)).update(bytes(input)).digest(), outputEncoding);
}

const hash = (a: string) => (input: string | ArrayBuffer, enc: Encoding) => encode(createHash(alg(a)).update(bytes(input)).digest(), enc);
export const md5 = hash('md5');
export const sha1 = hash('sha1');
export const sha256 = hash('sha256');
export const sha384 = hash('sha384');
export const sha512 = hash('sha512');

export default { hmac, md5, sha1, sha256, sha384, sha512 };
