import { describe, expect, it } from 'vitest';
import type { NodeInfo } from './ClusterTypes.js';
import { pickNodeForNewRoom } from './placement.js';

function info(id: string, participants: number, rooms: number, state: NodeInfo['state'] = 'active'): NodeInfo {
  return { id, url: `https://${id}`, state, load: { rooms, participants }, lastHeartbeat: 0 };
}

describe('pickNodeForNewRoom', () => {
  it('picks the active node with the fewest participants, then rooms, then the smallest id', () => {
    expect(pickNodeForNewRoom([info('a', 10, 1), info('b', 5, 9), info('c', 7, 0)])?.id).toBe('b');
    expect(pickNodeForNewRoom([info('a', 5, 3), info('b', 5, 2)])?.id).toBe('b');
    expect(pickNodeForNewRoom([info('b', 5, 2), info('a', 5, 2)])?.id).toBe('a');
  });

  it('never picks a draining node, and picks nothing when none is active', () => {
    expect(pickNodeForNewRoom([info('a', 0, 0, 'draining'), info('b', 99, 9)])?.id).toBe('b');
    expect(pickNodeForNewRoom([info('a', 0, 0, 'draining')])).toBeUndefined();
    expect(pickNodeForNewRoom([])).toBeUndefined();
  });
});
