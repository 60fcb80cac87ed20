/**
 * Internal: standard normal draws by the ziggurat method (Marsaglia & Tsang 2000, in Doornik's
 * 2005 form "An improved ziggurat method to generate normal random samples": 128 layers, the layer
 * chosen by bits of its own, not the bits of the value). About 98.8 % of draws are one uniform,
 * one table read and one multiplication; the rest test the wedge (an exponential) or draw from
 * the tail beyond R = 3.4426 (two logarithms, repeated on rejection). Exact in distribution, like
 * Box–Muller (`Distributions.normal`), at a fraction of its cost (no logarithm, square root or
 * cosine on the common path); a different stream of values from the same generator.
 *
 * The generator is Random's (xoshiro128**, the same step as `Distributions.normal`'s), its state
 * held in a module scratch array for the draw only: nothing outside the call observes it.
 *
 * @internal
 * @since 0.1.0
 */
import type { Rng } from "../Random.js"

/** the layers */
const C = 128
/** the right edge of the base layer (where the tail starts) */
const R = 3.442619855899
/** the area of each layer */
const V = 9.91256303526217e-3

/** X[i]: the right edge of layer i (X[0]: the base layer's width as if a rectangle, V / f(R)); X[C] = 0 */
export const X = new Float64Array(C + 1)
/** RATIO[i] = X[i + 1] / X[i]: below it, a point of layer i is under the curve whatever its height */
const RATIO = new Float64Array(C)
{
  let f = Math.exp(-0.5 * R * R)
  X[0] = V / f
  X[1] = R
  X[C] = 0
  for (let i = 2; i < C; i++) {
    X[i] = Math.sqrt(-2 * Math.log(V / (X[i - 1] as number) + f))
    f = Math.exp(-0.5 * (X[i] as number) * (X[i] as number))
  }
  for (let i = 0; i < C; i++) RATIO[i] = (X[i + 1] as number) / (X[i] as number)
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/** the generator's state during a draw */
const state = new Int32Array(4)

/** the next 32-bit output (xoshiro128**), advancing `state` */
const next32 = (): number => {
  const s0 = state[0] as number
  const s1 = state[1] as number
  const s2 = state[2] as number
  const s3 = state[3] as number
  const word = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
  const n2 = s2 ^ s0
  const n3 = s3 ^ s1
  state[0] = s0 ^ n3
  state[1] = s1 ^ n2
  state[2] = n2 ^ (s1 << 9)
  state[3] = rotl(n3, 11)
  return word
}

/** uniform in (0, 1) from two outputs (53 bits; never 0, for the logarithm) */
const uniform = (): number => {
  const high = next32() >>> 5
  return (high * 67108864 + (next32() >>> 6)) / 9007199254740992 || 1 / 9007199254740992
}

/** a standard normal draw and the next generator */
export const standardNormalZiggurat = (rng: Rng): readonly [number, Rng] => {
  state[0] = rng.s0
  state[1] = rng.s1
  state[2] = rng.s2
  state[3] = rng.s3
  let z = 0
  for (;;) {
    const u = 2 * uniform() - 1
    const i = next32() & (C - 1)
    // inside the layer's rectangle that lies under the curve: taken as it is
    if (Math.abs(u) < (RATIO[i] as number)) {
      z = u * (X[i] as number)
      break
    }
    if (i === 0) {
      // the base layer beyond R: the normal's tail, by Marsaglia's exponential rejection
      let x = 0
      let y = 0
      do {
        x = Math.log(uniform()) / R
        y = Math.log(uniform())
      } while (-2 * y < x * x)
      z = u < 0 ? x - R : R - x
      break
    }
    // a wedge: under the curve with the probability of its height there
    const x = u * (X[i] as number)
    const xi = X[i] as number
    const xj = X[i + 1] as number
    const f0 = Math.exp(-0.5 * (xi * xi - x * x))
    const f1 = Math.exp(-0.5 * (xj * xj - x * x))
    if (f1 + uniform() * (f0 - f1) < 1) {
      z = x
      break
    }
  }
  return [
    z,
    { _tag: "Rng", s0: state[0] as number, s1: state[1] as number, s2: state[2] as number, s3: state[3] as number }
  ]
}
