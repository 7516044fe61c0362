/** Node stand-in for `k6/encoding`: b64encode / b64decode with k6's four variants. */
type Variant = 'std' | 'rawstd' | 'url' | 'rawurl';

export function b64encode(input: string | ArrayBuffer, variant: Variant = 'std'): string {
  const b = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  let s = b.toString('base64');
  if (variant === 'url' || variant === 'rawurl') s = s.replace(/\+/g, '-').replace(/\//g, '_');
  if (variant === 'rawstd' || variant === 'rawurl') s = s.replace(/=+$/, '');
  return s;
}

export function b64decode(input: string, variant: Variant = 'std', format?: 's'): ArrayBuffer | string {
  const b = Buffer.from(variant === 'url' || variant === 'rawurl' ? input.replace(/-/g, '+').replace(/_/g, '/') : input, 'base64');
  if (format === 's') return b.toString('utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export default { b64encode, b64decode };
