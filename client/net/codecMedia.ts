import { classroom } from '../../proto/index.js';
import {
  list,
  requiredStr,
  trackSourceFromProto,
  trackSourceToProto,
  videoLayerFromProto,
  videoLayerToProto,
} from './codecEnums.js';
import type { PublishedTrack, SubscribedTrack, VideoPreference } from './types.js';

import pb = classroom.v1;

/** Media negotiation values, both ways (see codecLesson.ts for why both). */

export function publishedTrackToProto(t: PublishedTrack): pb.PublishedTrack.$Properties {
  return { mid: t.mid, source: trackSourceToProto(t.source) };
}

export function publishedTrackFromProto(p: pb.PublishedTrack.$Properties): PublishedTrack {
  return { mid: requiredStr(p.mid, 'track.mid'), source: trackSourceFromProto(p.source) };
}

export function subscribedTrackFromProto(p: pb.SubscribedTrack.$Properties): SubscribedTrack {
  return {
    mid: requiredStr(p.mid, 'subscribedTrack.mid'),
    participantId: requiredStr(p.participantId, 'subscribedTrack.participantId'),
    source: trackSourceFromProto(p.source),
  };
}

export function subscribedTrackToProto(t: SubscribedTrack): pb.SubscribedTrack.$Properties {
  return { mid: t.mid, participantId: t.participantId, source: trackSourceToProto(t.source) };
}

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

export function subscribedTracksFromProto(tracks: readonly pb.SubscribedTrack.$Properties[] | null | undefined): SubscribedTrack[] {
  return list(tracks).map(subscribedTrackFromProto);
}
