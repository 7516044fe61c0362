import type { HandoutEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { HandoutBody } from './codec.js';

/** MaterialHandedOut: every participant's page opens it. */
export const pushes: PushTable<HandoutEvent, HandoutBody> = {
  materialHandedOut: (e) => ({ type: 'materialHandedOut', material: e.material }),
};
