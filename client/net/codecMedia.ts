import { classroom } from '../../proto/index.js';
import {
  list,
  requiredStr,
  trackSourceFromProto,
  trackSourceToProto,
  videoLayerFromProto,
  videoLayerToProto,
} from './codecEnums.js';
import type { VideoPreference } from './types.js';

import pb = classroom.v1;

/** Media negotiation values, both ways (see codecLesson.ts for why both). */

export function videoPreferenceToProto(v: VideoPreference): pb.VideoPreference.$Properties {
  return { participantId: v.participantId, source: trackSourceToProto(v.source), layer: videoLayerToProto(v.layer) };
}

export function videoPreferenceFromProto(p: pb.VideoPreference.$Properties): VideoPreference {
  return {
    participantId: requiredStr(p.participantId, 'preference.participantId'),
    source: trackSourceFromProto(p.source),
    layer: videoLayerFromProto(p.layer),
  };
}
