// Go's math.Pow, ported so that `**` gives the bits Argo gets: integer powers by repeated squaring of the mantissa
// (where JavaScript's pow rounds differently), the fraction of the exponent through exp and log.

const view = new DataView(new ArrayBuffer(8));
const SMALLEST_NORMAL = 2.2250738585072014e-308;

function high(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(0);
}

/** x with its biased exponent field replaced. */
function withExponent(x: number, exponent: number): number {
  view.setFloat64(0, x);
  view.setUint32(0, (view.getUint32(0) & 0x800fffff) | (exponent << 20));
  return view.getFloat64(0);
}

/** Subnormals scaled into the normal range, with the power of two that undoes it. */
function normalize(x: number): [number, number] {
  return Math.abs(x) < SMALLEST_NORMAL ? [x * 2 ** 52, -52] : [x, 0];
}

/** math.Frexp: x = frac × 2^exp with |frac| in [½, 1). */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const [y, shift] = normalize(x);
  const exp = shift + ((high(y) >>> 20) & 0x7ff) - 1023 + 1;
  return [withExponent(y, 1022), exp];
}

/** math.Ldexp: frac × 2^exp, rounded once. */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [y, shift] = normalize(frac);
  let e = exp + shift + ((high(y) >>> 20) & 0x7ff) - 1023;
  if (e < -1075) return frac < 0 ? -0 : 0;
  if (e > 1023) return frac < 0 ? -Infinity : Infinity;
  let m = 1;
  if (e < -1022) {
    e += 53;
    m = 2 ** -53;
  }
  return m * withExponent(y, e + 1023);
}

function isOddInt(x: number): boolean {
  return Math.abs(x) < 2 ** 53 && Number.isInteger(x) && Math.abs(x % 2) === 1;
}

export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    const negativeZero = Object.is(x, -0) && isOddInt(y);
    if (y < 0) return negativeZero ? -Infinity : Infinity;
    return negativeZero ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === (y === Infinity) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x === -Infinity) return pow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);

  let yi = Math.trunc(Math.abs(y));
  let yf = Math.abs(y) - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }

  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Math.exp(yf * Math.log(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe; // certain to under- or overflow: Ldexp says which
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}
