import { withPatch } from '../__fixtures__/merge';
import { persistentVolumeClaim } from '../__fixtures__/resources';
import { persistentVolumeClaimHealth } from './storage';

describe('persistentVolumeClaimHealth', () => {
  it('is Healthy when Bound', () => {
    expect(persistentVolumeClaimHealth(persistentVolumeClaim)).toEqual({
      status: 'Healthy',
      message: 'Bound to volume pvc-5a6b7c8d-9e0f-4a1b-c2d3-e4f5a6b7c8d9',
    });
  });

  it('is Progressing when Pending', () => {
    const pending = withPatch(persistentVolumeClaim, {
      spec: { volumeName: null },
      status: { phase: 'Pending', accessModes: null, capacity: null },
    });
    expect(persistentVolumeClaimHealth(pending).status).toBe('Progressing');
  });

  it('is Degraded when Lost and Unknown without a phase', () => {
    const lost = withPatch(persistentVolumeClaim, {
      status: { phase: 'Lost' },
    });
    expect(persistentVolumeClaimHealth(lost).status).toBe('Degraded');
    const fresh = withPatch(persistentVolumeClaim, { status: null });
    expect(persistentVolumeClaimHealth(fresh).status).toBe('Unknown');
  });
});
