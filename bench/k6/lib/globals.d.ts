// What k6's runtime provides that @types/k6 does not declare (k6 has a console; the ES lib has none).
declare global {
  const console: {
    log(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
  };
}
export {};
