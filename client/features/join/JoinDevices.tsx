import { t } from '../../i18n/index.js';
import type { DeviceInfo } from '../../media/index.js';
import {
  cameraDeviceId,
  cameraOn,
  cameraProblem,
  chooseCamera,
  chooseMicrophone,
  devices,
  mediaBusy,
  micDeviceId,
  micOn,
  micProblem,
  prepareDevices,
  previewStream,
  toggleCamera,
  toggleMic,
} from '../../state/selfMedia.js';
import { Icon } from '../common/Icon.js';
import { VideoView } from '../common/VideoView.js';

/** The camera preview with the mic/camera toggles and the device pickers. */
export function JoinDevices() {
  const stream = previewStream.value;
  return (
    <div class="join__devices">
      <div class="join__preview">
        {stream ? (
          <VideoView stream={stream} mirrored testId="join-preview" />
        ) : (
          <div class="join__preview-off">{mediaBusy.value ? t('join.requesting') : t('join.previewOff')}</div>
        )}
        <div class="join__toggles">
          <button
            type="button"
            class={`round-button ${micOn.value ? '' : 'is-off'}`}
            onClick={() => void toggleMic()}
            disabled={mediaBusy.value}
            aria-pressed={micOn.value}
            aria-label={micOn.value ? t('media.micOff') : t('media.micOn')}
            title={micOn.value ? t('media.micOff') : t('media.micOn')}
            data-testid="join-mic-toggle"
            data-state={micOn.value ? 'on' : 'off'}
          >
            <Icon name={micOn.value ? 'mic' : 'micOff'} />
          </button>
          <button
            type="button"
            class={`round-button ${cameraOn.value ? '' : 'is-off'}`}
            onClick={() => void toggleCamera()}
            disabled={mediaBusy.value}
            aria-pressed={cameraOn.value}
            aria-label={cameraOn.value ? t('media.cameraOff') : t('media.cameraOn')}
            title={cameraOn.value ? t('media.cameraOff') : t('media.cameraOn')}
            data-testid="join-camera-toggle"
            data-state={cameraOn.value ? 'on' : 'off'}
          >
            <Icon name={cameraOn.value ? 'camera' : 'cameraOff'} />
          </button>
        </div>
      </div>
      <DeviceSelect
        label={t('join.cameraLabel')}
        list={devices.value.cameras}
        value={cameraDeviceId.value}
        onChange={(id) => void chooseCamera(id)}
        testId="join-camera-select"
      />
      <DeviceSelect
        label={t('join.micLabel')}
        list={devices.value.microphones}
        value={micDeviceId.value}
        onChange={(id) => void chooseMicrophone(id)}
        testId="join-mic-select"
      />
    </div>
  );
}

function DeviceSelect(props: { label: string; list: DeviceInfo[]; value: string | null; onChange: (id: string) => void; testId: string }) {
  if (props.list.length === 0) return null;
  return (
    <label class="field field--inline">
      <span class="field__label">{props.label}</span>
      <select
        class="field__input"
        value={props.value ?? props.list[0]?.deviceId ?? ''}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        data-testid={props.testId}
      >
        {props.list.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Why there is no camera or microphone, and that joining still works. */
export function DeviceProblems() {
  const mic = micProblem.value;
  const cam = cameraProblem.value;
  if (!mic && !cam) return null;
  let key: Parameters<typeof t>[0];
  let retry = true;
  if (mic === 'unsupported' || cam === 'unsupported') {
    key = 'join.mediaUnsupported';
    retry = false;
  } else if (mic === 'denied' || cam === 'denied') key = 'join.permissionDenied';
  else if (mic === 'in-use' || cam === 'in-use') key = 'join.deviceInUse';
  else if (mic === 'not-found' && cam === 'not-found') {
    key = 'join.noDevices';
    retry = false;
  } else if (cam === 'not-found' && !mic) {
    key = 'join.noCamera';
    retry = false;
  } else if (mic === 'not-found' && !cam) {
    key = 'join.noMic';
    retry = false;
  } else key = 'join.mediaFailed';
  return (
    <div class="alert alert--warn" role="status" data-testid="join-device-problem" data-problem={`${mic ?? 'ok'}/${cam ?? 'ok'}`}>
      <p>{t(key)}</p>
      {retry && (
        <button type="button" class="button button--small" onClick={() => void prepareDevices()} disabled={mediaBusy.value}>
          {t('join.retryDevices')}
        </button>
      )}
    </div>
  );
}
