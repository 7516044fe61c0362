/**
 * The signaling server's metrics, as functions named for what happened (conventions §14), over
 * the app's private registry. Names: classroom_<subsystem>_<name>_<unit>.
 */
import { Counter, Gauge, Histogram, type Registry } from '../platform/index.js';

export interface SignalingMetrics {
  connectionOpened(): void;
  /** A WebSocket upgrade was refused before it opened (`reason`: origin). */
  upgradeRefused(reason: string): void;
  connectionClosed(): void;
  messageIn(type: string): void;
  messageOut(type: string): void;
  messageError(type: string, code: string): void;
  /** A join finished: `result` is admitted, waiting or the error code; seconds from request to answer. */
  joinFinished(result: string, seconds: number): void;
  lessonsOpen(count: number): void;
  participantsChanged(role: string, delta: number): void;
}

export function createSignalingMetrics(registry: Registry): SignalingMetrics {
  const connections = new Gauge({ name: 'classroom_ws_connections', help: 'Open WebSocket connections', registers: [registry] });
  const refused = new Counter({ name: 'classroom_ws_upgrades_refused_total', help: 'WebSocket upgrades refused, by reason', labelNames: ['reason'], registers: [registry] });
  const messagesIn = new Counter({ name: 'classroom_ws_messages_in_total', help: 'Signaling requests received, by type', labelNames: ['type'], registers: [registry] });
  const messagesOut = new Counter({ name: 'classroom_ws_messages_out_total', help: 'Signaling messages sent, by type', labelNames: ['type'], registers: [registry] });
  const errors = new Counter({ name: 'classroom_ws_errors_total', help: 'Signaling errors sent, by request type and error code', labelNames: ['type', 'code'], registers: [registry] });
  const joins = new Counter({ name: 'classroom_lesson_joins_total', help: 'Join requests answered, by result', labelNames: ['result'], registers: [registry] });
  const joinDuration = new Histogram({
    name: 'classroom_lesson_join_duration_seconds',
    help: 'Time from a join request to its answer',
    labelNames: ['result'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const lessons = new Gauge({ name: 'classroom_lesson_rooms', help: 'Live lesson rooms open on this node', registers: [registry] });
  const participants = new Gauge({ name: 'classroom_lesson_participants', help: 'Participants in live lessons on this node, by role', labelNames: ['role'], registers: [registry] });
  participants.set({ role: 'teacher' }, 0);
  participants.set({ role: 'student' }, 0);
  return {
    connectionOpened: () => connections.inc(),
    connectionClosed: () => connections.dec(),
    upgradeRefused: (reason) => refused.inc({ reason }),
    messageIn: (type) => messagesIn.inc({ type }),
    messageOut: (type) => messagesOut.inc({ type }),
    messageError: (type, code) => errors.inc({ type, code }),
    joinFinished: (result, seconds) => {
      joins.inc({ result });
      joinDuration.observe({ result }, seconds);
    },
    lessonsOpen: (count) => lessons.set(count),
    participantsChanged: (role, delta) => participants.inc({ role }, delta),
  };
}
