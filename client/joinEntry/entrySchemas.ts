/**
 * The field tables of the few messages the join entry writes and reads (entryWire.ts), copied by
 * hand from proto/classroom/v1/*.proto: names in camelCase as protobufjs spells them, so that a
 * decoded value has the shape of the generated `$Properties` and goes through the same mappings as
 * the app's (proto/lite, client/net/features/consumerWire.ts). A message's fields that the entry
 * does not need are left out and skipped as unknown. entryWire.test.ts checks every table against
 * the app's codec.
 */

/** How a field's value is carried; `message` and `map` (string keys, message values) need a table. */
export type FieldKind = 'uint32' | 'int32' | 'bool' | 'string' | 'double' | 'message' | 'map';

/** [name, kind, repeated, table of a message or of a map's values, the oneof the field is in]. */
export type FieldSpec = readonly [name: string, kind: FieldKind, repeated?: boolean, table?: Schema, oneof?: string];

/** A message's fields by field number. */
export interface Schema {
  readonly [fieldNumber: number]: FieldSpec;
}

const NONE: Schema = {};

// ---- rtp.proto: a transport and a consumer's RtpParameters ----

const rtpParameterValue: Schema = { 1: ['text', 'string', false, NONE, 'value'], 2: ['number', 'double', false, NONE, 'value'] };
const rtcpFeedback: Schema = { 1: ['type', 'string'], 2: ['parameter', 'string'] };

const rtpParameters: Schema = {
  1: ['mid', 'string'],
  2: [
    'codecs',
    'message',
    true,
    {
      1: ['mimeType', 'string'],
      2: ['payloadType', 'uint32'],
      3: ['clockRate', 'uint32'],
      4: ['channels', 'uint32'],
      5: ['parameters', 'map', false, rtpParameterValue],
      6: ['rtcpFeedback', 'message', true, rtcpFeedback],
    },
  ],
  3: ['headerExtensions', 'message', true, { 1: ['uri', 'string'], 2: ['id', 'uint32'], 3: ['encrypt', 'bool'], 4: ['parameters', 'map', false, rtpParameterValue] }],
  4: [
    'encodings',
    'message',
    true,
    {
      1: ['ssrc', 'uint32'],
      2: ['rid', 'string'],
      3: ['codecPayloadType', 'uint32'],
      4: ['rtxSsrc', 'uint32'],
      5: ['dtx', 'bool'],
      6: ['scalabilityMode', 'string'],
      7: ['maxBitrate', 'uint32'],
      8: ['scaleResolutionDownBy', 'double'],
      9: ['maxFramerate', 'double'],
      10: ['active', 'bool'],
    },
  ],
  5: ['rtcp', 'message', false, { 1: ['cname', 'string'], 2: ['reducedSize', 'bool'] }],
  6: ['msid', 'string'],
};

export const dtlsParameters: Schema = {
  1: ['role', 'int32'],
  2: ['fingerprints', 'message', true, { 1: ['algorithm', 'string'], 2: ['value', 'string'] }],
};

const transportOptions: Schema = {
  1: ['id', 'string'],
  2: ['iceParameters', 'message', false, { 1: ['usernameFragment', 'string'], 2: ['password', 'string'], 3: ['iceLite', 'bool'] }],
  3: [
    'iceCandidates',
    'message',
    true,
    {
      1: ['foundation', 'string'],
      2: ['priority', 'uint32'],
      3: ['address', 'string'],
      4: ['protocol', 'int32'],
      5: ['port', 'uint32'],
      6: ['type', 'int32'],
      7: ['tcpPassive', 'bool'],
    },
  ],
  4: ['dtlsParameters', 'message', false, dtlsParameters],
};

const consumer: Schema = {
  1: ['id', 'string'],
  2: ['producerId', 'string'],
  3: ['participantId', 'string'],
  4: ['source', 'int32'],
  5: ['kind', 'int32'],
  6: ['rtpParameters', 'message', false, rtpParameters],
};

// ---- envelope.proto ----

export const clientMessage: Schema = {
  1: ['requestId', 'uint32'],
  10: [
    'join',
    'message',
    false,
    {
      1: ['protocolVersion', 'uint32'],
      2: ['lessonId', 'string'],
      3: ['joinToken', 'string'],
      4: ['displayName', 'string'],
      5: ['lessonPassword', 'string'],
      6: ['resumeToken', 'string'],
      7: ['micOn', 'bool'],
      8: ['cameraOn', 'bool'],
      9: ['mediaAtJoin', 'bool'],
      20: ['routeTicket', 'string'],
    },
  ],
  63: ['firstSound', 'message', false, NONE],
  64: ['firstSoundConnect', 'message', false, { 1: ['transportId', 'string'], 2: ['dtlsParameters', 'message', false, dtlsParameters] }],
  65: ['firstSoundClose', 'message', false, { 1: ['transportId', 'string'] }],
};

/** ServerMessage's bodies the entry reads; named by field number. */
export const ERROR_BODY = 2;
export const JOIN_BODY = 10;
export const FIRST_SOUND_BODY = 24;

/**
 * Every member of ServerMessage's `body` oneof, by field number (envelope.proto): a frame's body
 * is the one set last, as the app's decoder has it; a field not listed (a newer server's) is
 * skipped, so that the frame has no body the entry knows, as for the app.
 */
const BODY_FIELDS = [
  2, 3, 10, 21, 22, 23, 24, 47, 210, 100, 101, 102, 103, 104, 105, 106, 107, 111, 112, 113, 114, 115, 120, 121, 122, 130, 131, 170, 171, 172, 173, 174,
  175, 176, 180, 181, 200, 190, 191,
];

const readBodies: Schema = {
  [ERROR_BODY]: ['error', 'message', false, { 1: ['code', 'int32'], 2: ['message', 'string'], 3: ['reason', 'string'] }, 'body'],
  // Of a JoinResponse, only its ICE servers: the rest goes to the app untouched (withRequestId).
  [JOIN_BODY]: ['join', 'message', false, { 6: ['iceServers', 'message', true, { 1: ['urls', 'string', true], 2: ['username', 'string'], 3: ['credential', 'string'] }] }, 'body'],
  [FIRST_SOUND_BODY]: ['firstSound', 'message', false, { 1: ['transport', 'message', false, transportOptions], 2: ['consumer', 'message', false, consumer] }, 'body'],
};

export const serverMessage: Schema = {
  1: ['requestId', 'uint32'],
  // The others' contents are not read, but they are walked: a malformed frame throws.
  ...Object.fromEntries(BODY_FIELDS.map((n) => [n, [`body${n}`, 'message', false, NONE, 'body'] as const])),
  ...readBodies,
};
