import { alignQuantities, parseQuantity, quantitiesEqual } from './quantity';

describe('quantities', () => {
  it.each([
    ['1', '1000m'],
    ['0.5', '500m'],
    ['1Gi', '1024Mi'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1.5Gi', '1536Mi'],
    [2, '2'],
    ['100n', '0.0000001'],
  ])('%s equals %s', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(true);
  });

  it.each([
    ['1G', '1Gi'],
    ['1', '1001m'],
    ['abc', 'abc'],
    ['1E', '1e'],
  ])('%s differs from %s', (a, b) => {
    expect(quantitiesEqual(a, b)).toBe(false);
  });

  it('rejects non-quantities', () => {
    expect(parseQuantity('12 cores')).toBeUndefined();
    expect(parseQuantity({})).toBeUndefined();
  });

  it('copies the live spelling of equal quantities only', () => {
    const desired = {
      containers: [
        {
          resources: {
            limits: { cpu: '1', memory: '1Gi' },
            requests: { cpu: '250m' },
          },
          image: '1',
        },
      ],
    };
    const live = {
      containers: [
        {
          resources: {
            limits: { cpu: '1000m', memory: '1024Mi' },
            requests: { cpu: '200m' },
          },
          image: '1.0',
        },
      ],
    };
    alignQuantities(desired, live);
    expect(desired.containers[0]).toEqual({
      resources: {
        limits: { cpu: '1000m', memory: '1024Mi' },
        requests: { cpu: '250m' },
      },
      image: '1',
    });
  });
});
