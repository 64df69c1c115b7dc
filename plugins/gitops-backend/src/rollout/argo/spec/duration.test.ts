import { parseArgoPauseDuration } from './duration';

describe('parseArgoPauseDuration', () => {
  it.each([
    [10, 10],
    [0, 0],
    ['10', 10],
    ['+10', 10],
    ['-0', 0],
    ['10s', 10],
    ['1m', 60],
    ['1h30m', 5400],
    ['1.5m', 90],
    ['0', 0],
  ])('reads %p as %p seconds', (value, seconds) => {
    expect(parseArgoPauseDuration(value)).toEqual({
      seconds,
      truncated: false,
    });
  });

  it('drops a fraction of a second, as Argo does', () => {
    expect(parseArgoPauseDuration('1500ms')).toEqual({
      seconds: 1,
      truncated: true,
    });
    expect(parseArgoPauseDuration('500ms')).toEqual({
      seconds: 0,
      truncated: true,
    });
  });

  it.each([
    [-1],
    ['-5'],
    ['-1s'],
    ['10x'],
    [''],
    ['1d'],
    [1.5],
    [2 ** 31],
    ['2147483648'],
  ])('refuses %p', value => {
    expect(parseArgoPauseDuration(value)).toBeUndefined();
  });
});
