import { describe, expect, it } from 'vitest';
import { merged } from './FeatureCodecTypes.js';
import { featurePushes, featureRequests } from './index.js';
import { featurePushesToProto, featureRequestsFromProto } from './mirror.js';

describe('the live features\' codec tables', () => {
  it('refuse a request or push that two features both define', () => {
    expect(() => merged('requests', { raiseHand: 1 }, { raiseHand: 2 })).toThrow('two live features define requests.raiseHand');
  });

  it('have the server\'s side for every request and push of the app\'s side', () => {
    expect(Object.keys(featureRequestsFromProto).sort()).toEqual(Object.keys(featureRequests).sort());
    expect(Object.keys(featurePushesToProto).sort()).toEqual(Object.keys(featurePushes).sort());
  });
});
