// Uses a Node-only global at load time: the k6 sandbox check must refuse it (k6bundle.test.ts).
export const bytes = Buffer.from('x');
export default function (): void {}
