/**
 * The client's tests run the codec the browser runs: vitest.config.ts resolves the generated
 * protobuf code to the table-driven one (proto/wire/browserRoot.ts), as client/vite.config.ts does.
 */
import { describe, expect, it } from 'vitest';
import { classroom } from '../../proto/index.js';

describe('the protobuf codec of the client', () => {
  it('is the table-driven one, not the generated functions', () => {
    // A generated decoder is one function per message with a case per field (thousands of chars).
    expect(String(classroom.v1.ServerMessage.decode).length).toBeLessThan(400);
    const bytes = classroom.v1.ServerMessage.encode(classroom.v1.ServerMessage.create({ requestId: 7, ack: {} })).finish();
    const back = classroom.v1.ServerMessage.decode(bytes);
    expect(back.requestId).toBe(7);
    expect(back.body).toBe('ack');
  });
});
