/**
 * The recorder's view of a lesson's main media room (recorder's RecordableRoom), made from the
 * media engine: the recorder never imports the sfu, and the sfu knows no recorder.
 *
 * The lesson's media room is created by LessonMedia when the first participant sets up media,
 * and may be replaced (closed and made again): the view follows whichever room the engine has
 * under the lesson's id, looking again every `pollMs` (the engine has no "room created" event,
 * and a recording started before anyone publishes must still catch the first stream).
 */
import type { RecordableRoom, RecordableTap } from '../../../recorder/index.js';
import type { MediaEngine, MediaRoom } from '../../../sfu/index.js';

function openRoom(room: MediaRoom | undefined): MediaRoom | undefined {
  return room && !room.closed ? room : undefined;
}

export function recordableRoom(engine: MediaEngine, roomId: string, pollMs = 1000): RecordableRoom {
  const current = (): MediaRoom | undefined => openRoom(engine.room(roomId));
  return {
    streams: () => (current()?.streams() ?? []).map((s) => ({ peerId: s.peerId, label: s.label, kind: s.kind })),
    async tap(stream, port): Promise<RecordableTap> {
      const room = current();
      if (!room) throw new Error('the lesson has no media room');
      const tap = await room.tap({ peerId: stream.peerId, label: stream.label }, { ip: '127.0.0.1', port });
      return {
        kind: tap.kind,
        codec: tap.codec,
        start: () => tap.start(),
        requestKeyFrame: () => tap.requestKeyFrame(),
        close: () => tap.close(),
        onEnded(listener) {
          tap.on('closed', (reason) => {
            if (reason !== 'closed') listener(reason);
          });
        },
      };
    },
    onStreamsChanged(listener) {
      const onChange = (): void => listener();
      let wired: MediaRoom | undefined;
      const wire = (): void => {
        const room = current();
        if (room === wired) return;
        wired?.off('streamsChanged', onChange);
        wired?.off('reset', onChange);
        wired = room;
        room?.on('streamsChanged', onChange);
        room?.on('reset', onChange);
        listener();
      };
      wire();
      const timer = setInterval(wire, pollMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        wired?.off('streamsChanged', onChange);
        wired?.off('reset', onChange);
      };
    },
  };
}
