import { withPatch } from '../__fixtures__/merge';
import {
  apiService,
  customResourceDefinition,
} from '../__fixtures__/resources';
import {
  apiServiceHealth,
  customResourceDefinitionHealth,
} from './apiExtensions';

const crdWith = (conditions: unknown[] | null) =>
  withPatch(customResourceDefinition, { status: { conditions } });

describe('customResourceDefinitionHealth', () => {
  it('is Healthy when Established', () => {
    expect(customResourceDefinitionHealth(customResourceDefinition)).toEqual({
      status: 'Healthy',
      message: 'CRD is healthy',
    });
  });

  it('is Progressing without conditions', () => {
    expect(customResourceDefinitionHealth(crdWith(null))).toEqual({
      status: 'Progressing',
      message: 'Status conditions not found',
    });
  });

  it('is Progressing while the API server is installing it', () => {
    const installing = crdWith([
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'False',
        reason: 'Installing',
        message: 'the initial names have been accepted',
      },
    ]);
    expect(customResourceDefinitionHealth(installing).status).toBe(
      'Progressing',
    );
  });

  it('is Progressing when terminating', () => {
    const deleting = withPatch(customResourceDefinition, {
      metadata: { deletionTimestamp: '2025-05-02T10:00:00Z' },
    });
    expect(customResourceDefinitionHealth(deleting).status).toBe('Progressing');
    const terminatingCondition = crdWith([
      {
        type: 'Terminating',
        status: 'True',
        reason: 'InstanceDeletionInProgress',
        message: 'CustomResource deletion is in progress',
      },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
    ]);
    expect(customResourceDefinitionHealth(terminatingCondition)).toEqual({
      status: 'Progressing',
      message: 'CRD is terminating: CustomResource deletion is in progress',
    });
  });

  it('is Degraded when names conflict', () => {
    const conflict = crdWith([
      {
        type: 'NamesAccepted',
        status: 'False',
        reason: 'KindConflict',
        message: '"Certificate" is already in use',
      },
      {
        type: 'Established',
        status: 'False',
        reason: 'NotAccepted',
        message: 'not all names are accepted',
      },
    ]);
    expect(customResourceDefinitionHealth(conflict)).toEqual({
      status: 'Degraded',
      message:
        'CRD names have not been accepted: "Certificate" is already in use',
    });
  });

  it('is Degraded for a non-structural schema, even when Established', () => {
    const violations = crdWith([
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
      {
        type: 'NonStructuralSchema',
        status: 'True',
        reason: 'Violations',
        message:
          'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
      },
    ]);
    expect(customResourceDefinitionHealth(violations).status).toBe('Degraded');
  });

  it('is Degraded when not Established for another reason', () => {
    const notEstablished = crdWith([
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
      { type: 'Established', status: 'False', reason: 'NotAccepted' },
    ]);
    expect(customResourceDefinitionHealth(notEstablished)).toEqual({
      status: 'Degraded',
      message: 'CRD is not established',
    });
  });
});

describe('apiServiceHealth', () => {
  it('is Healthy when Available', () => {
    expect(apiServiceHealth(apiService)).toEqual({
      status: 'Healthy',
      message: 'Passed: all checks passed',
    });
  });

  it('is Progressing when unavailable or unprocessed', () => {
    const down = withPatch(apiService, {
      status: {
        conditions: [
          {
            type: 'Available',
            status: 'False',
            reason: 'MissingEndpoints',
            message:
              'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
          },
        ],
      },
    });
    expect(apiServiceHealth(down)).toEqual({
      status: 'Progressing',
      message:
        'MissingEndpoints: endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"',
    });
    expect(apiServiceHealth(withPatch(apiService, { status: null }))).toEqual({
      status: 'Progressing',
      message: 'Waiting to be processed',
    });
  });
});
