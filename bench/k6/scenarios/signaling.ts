/**
 * Signaling load: each iteration is one student who opens the lesson WebSocket, joins the lesson
 * with a signed link token, chats at a steady rate, waits for its own messages to come back, and
 * leaves. Measures join latency (JoinRequest -> JoinResponse), chat acknowledgement time and chat
 * round trip (SendChatRequest -> the ChatMessage pushed back to the sender).
 *
 * k6:    k6 run -e BASE_URL=http://host:8080 -e LINK_SECRET=... bench/k6/dist/signaling.js
 * Node:  npm run bench:signaling -- [--vus 20 --iterations 40]   (starts a server; see docs/bench.md)
 *
 * Variables: BASE_URL, LINK_SECRET (the server's auth.linkSecret), LESSON (demo), CHATS (10),
 * CHAT_INTERVAL_MS (1000), SESSION_TIMEOUT_MS (60000).
 */
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { AdmissionStatus, bodyOf, decodeServer, encodeClient, PROTOCOL_VERSION, type ClientBody } from '../lib/codec.js';
import { mintJoinToken } from '../lib/joinToken.js';

export const options = {
  vus: 20,
  iterations: 40,
  thresholds: {
    checks: ['rate>0.99'],
    sessions_ok: ['rate>0.99'],
    join_ms: ['p(95)<1000'],
    chat_rtt_ms: ['p(95)<500'],
  },
};

const joinMs = new Trend('join_ms', true);
const chatAckMs = new Trend('chat_ack_ms', true);
const chatRttMs = new Trend('chat_rtt_ms', true);
const sessionsOk = new Rate('sessions_ok');
const pushes = new Counter('pushes_received');
const serverErrors = new Counter('server_errors');

const BASE_URL = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const WS_URL = `${BASE_URL.replace(/^http/, 'ws')}/ws`;
const LESSON = __ENV.LESSON ?? 'demo';
const CHATS = Number(__ENV.CHATS ?? 10);
const CHAT_INTERVAL_MS = Number(__ENV.CHAT_INTERVAL_MS ?? 1000);
const SESSION_TIMEOUT_MS = Number(__ENV.SESSION_TIMEOUT_MS ?? 60_000);

export default function (): void {
  const userId = `k6-student-${__VU}-${__ITER}`;
  const token = mintJoinToken(__ENV.LINK_SECRET ?? '', { lessonId: LESSON, userId, name: `k6 ${__VU}.${__ITER}`, role: 'student' });
  const ws = new WebSocket(WS_URL);
  ws.binaryType = 'arraybuffer';

  let nextId = 1;
  const pending = new Map<number, { kind: string; at: number }>();
  const chatSentAt = new Map<string, number>();
  let participantId = '';
  let sent = 0;
  let echoed = 0;
  let left = false;
  let chatTimer: number | undefined;

  const send = (kind: string, body: ClientBody) => {
    const id = nextId++;
    pending.set(id, { kind, at: Date.now() });
    ws.send(encodeClient(id, body));
  };
  const leave = () => {
    if (left) return;
    left = true;
    if (chatTimer !== undefined) clearInterval(chatTimer);
    send('leave', { leave: {} });
  };
  const startChatting = () => {
    chatTimer = setInterval(() => {
      if (sent >= CHATS) {
        if (chatTimer !== undefined) clearInterval(chatTimer);
        chatTimer = undefined;
        return;
      }
      const text = `k6 ${userId} #${sent}`;
      chatSentAt.set(text, Date.now());
      sent++;
      send('chat', { sendChat: { text } });
    }, CHAT_INTERVAL_MS);
  };
  const guard = setTimeout(() => {
    console.warn(`${userId}: session timeout after ${SESSION_TIMEOUT_MS} ms (sent ${sent}, echoed ${echoed})`);
    ws.close();
  }, SESSION_TIMEOUT_MS);

  ws.onopen = () => {
    send('join', { join: { protocolVersion: PROTOCOL_VERSION, lessonId: LESSON, joinToken: token, micOn: false, cameraOn: false } });
  };

  ws.onmessage = (e) => {
    if (!e || !(e.data instanceof ArrayBuffer)) return;
    const m = decodeServer(e.data);
    const now = Date.now();
    const req = m.requestId ? pending.get(m.requestId) : undefined;
    if (req) {
      pending.delete(m.requestId);
      if (m.error) {
        serverErrors.add(1, { code: String(m.error.code) });
        console.warn(`${userId}: ${req.kind} failed: ${m.error.message}`);
      }
      if (req.kind === 'join') {
        joinMs.add(now - req.at);
        const admitted = m.join?.admission === AdmissionStatus.ADMISSION_STATUS_ADMITTED;
        check(m, { 'join admitted': () => admitted });
        if (!admitted) {
          ws.close();
          return;
        }
        participantId = m.join?.participantId ?? '';
        startChatting();
      } else if (req.kind === 'chat') {
        chatAckMs.add(now - req.at);
        check(m, { 'chat acknowledged': (x) => bodyOf(x) === 'ack' });
      } else if (req.kind === 'leave') {
        ws.close();
      }
      return;
    }
    pushes.add(1);
    const chat = m.chat;
    if (chat && chat.participantId === participantId && chat.text) {
      const at = chatSentAt.get(chat.text);
      if (at !== undefined) {
        chatSentAt.delete(chat.text);
        chatRttMs.add(now - at);
        echoed++;
        if (echoed >= CHATS) leave();
      }
    }
  };

  ws.onerror = (e) => {
    console.warn(`${userId}: websocket error ${e?.error ?? ''}`);
  };

  ws.onclose = () => {
    clearTimeout(guard);
    if (chatTimer !== undefined) clearInterval(chatTimer);
    const ok = left && echoed >= CHATS;
    sessionsOk.add(ok);
    check(null, { 'every chat message came back': () => echoed >= CHATS });
  };
}
