import { isControlledByRollout, ownerReferencesOf } from './controlledBy';

const owner = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  name: 'web',
  uid: 'u1',
  controller: true as const,
  blockOwnerDeletion: true as const,
};

const object = (metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name: 'x', ...metadata },
});

const managedBy = (manager: string) => ({
  managedFields: [
    {
      manager,
      operation: 'Apply',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': {} },
    },
  ],
});

describe('isControlledByRollout', () => {
  it('with the Rollout known, wants it as the controller', () => {
    const ours = object({ ownerReferences: [owner] });
    expect(isControlledByRollout(ours, { owner })).toBe(true);
    expect(
      isControlledByRollout(ours, { owner: { ...owner, uid: 'u2' } }),
    ).toBe(false);
    expect(isControlledByRollout(ours, {})).toBe(false);
  });

  it('without a controller, wants the rollout engine among the field managers', () => {
    expect(
      isControlledByRollout(object(managedBy('slipway-rollouts')), {}),
    ).toBe(true);
    expect(
      isControlledByRollout(object(managedBy('slipway-rollouts')), { owner }),
    ).toBe(true);
    expect(isControlledByRollout(object(managedBy('kubectl')), {})).toBe(false);
    // A plain owner reference (not a controller) does not count.
    expect(
      isControlledByRollout(
        object({
          ownerReferences: [{ ...owner, controller: false }],
          ...managedBy('kubectl'),
        }),
        { owner },
      ),
    ).toBe(false);
  });

  it('puts the Rollout as owner only when known', () => {
    expect(ownerReferencesOf({ owner })).toEqual({ ownerReferences: [owner] });
    expect(ownerReferencesOf({})).toEqual({});
  });
});
