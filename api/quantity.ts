/**
 * Kubernetes resource quantities (`10Gi`, `500m`, `1e3`) with the API server's
 * semantics (k8s.io/apimachinery `resource.ParseQuantity`): the same grammar
 * and suffixes, integer exponents wrapped to 32 bits as Go does, non-zero
 * values rounded away from zero to whole nanos, binary-suffixed values capped
 * at 2^63-1. Values are exact (a BigInt mantissa and a decimal exponent), so
 * comparisons are exact at any size.
 *
 * One deliberate difference: a string without a digit (`Mi`, `.`, `-`) is
 * refused, as the CEL library documents (`quantity('Mi')` is an error) and as
 * the OpenAPI pattern for quantities requires.
 */

const DECIMAL: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }
const BINARY: Record<string, bigint> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n }
const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/
const EXPONENT = /^[eE][+-]?[0-9]+$/
const MAX_INT64 = 2n ** 63n - 1n
const MIN_INT64 = -(2n ** 63n)
/** Adding two quantities this many orders of magnitude apart would build numbers of that many digits. */
const MAX_ALIGNMENT = 10_000

function digitCount(n: bigint): number {
  return n === 0n ? 0 : n.toString().length
}

/** A quantity as sign × mantissa × 10^exponent, mantissa > 0 without trailing zeros (or zero). */
export class Quantity {
  readonly #sign: -1 | 0 | 1
  readonly #mantissa: bigint
  readonly #exponent: number

  private constructor(sign: -1 | 0 | 1, mantissa: bigint, exponent: number) {
    let m = mantissa
    let e = exponent
    if (m !== 0n && m % 10n === 0n) {
      // Through the text: linear, where dividing by ten digit by digit is quadratic.
      const text = m.toString()
      const trimmed = text.replace(/0+$/, '')
      m = BigInt(trimmed)
      e += text.length - trimmed.length
    }
    this.#sign = m === 0n ? 0 : sign
    this.#mantissa = m
    this.#exponent = m === 0n ? 0 : e
  }

  static of(sign: -1 | 0 | 1, mantissa: bigint, exponent: number): Quantity {
    return new Quantity(sign, mantissa, exponent)
  }

  /** An integer as a quantity (`NewQuantity(i, DecimalExponent)`). */
  static fromInteger(value: bigint): Quantity {
    return new Quantity(value < 0n ? -1 : 1, value < 0n ? -value : value, 0)
  }

  sign(): -1 | 0 | 1 {
    return this.#sign
  }

  /** -1, 0 or 1, exactly. */
  compareTo(other: Quantity): -1 | 0 | 1 {
    if (this.#sign !== other.#sign) return this.#sign < other.#sign ? -1 : 1
    if (this.#sign === 0) return 0
    const magnitude = Quantity.#compareMagnitude(this, other)
    if (magnitude === 0 || this.#sign === 1) return magnitude
    return magnitude === 1 ? -1 : 1
  }

  add(other: Quantity): Quantity {
    if (other.#sign === 0) return this
    if (this.#sign === 0) return other
    const e = Math.min(this.#exponent, other.#exponent)
    if (Math.max(this.#exponent, other.#exponent) - e > MAX_ALIGNMENT) throw new RangeError('quantities too far apart in magnitude to add exactly')
    const sum = this.#signed(e) + other.#signed(e)
    return new Quantity(sum < 0n ? -1 : 1, sum < 0n ? -sum : sum, e)
  }

  sub(other: Quantity): Quantity {
    return this.add(new Quantity(other.#sign === 1 ? -1 : 1, other.#mantissa, other.#exponent))
  }

  /** The value as a double; ±Infinity outside its range. */
  asApproximateFloat(): number {
    return this.#sign * Number(this.#mantissa) * 10 ** this.#exponent
  }

  /** Position of the most significant digit; compares magnitudes without building the numbers. */
  #order(): number {
    return digitCount(this.#mantissa) + this.#exponent
  }

  /** The signed mantissa at a smaller or equal exponent. */
  #signed(exponent: number): bigint {
    const scaled = this.#mantissa * 10n ** BigInt(this.#exponent - exponent)
    return this.#sign === -1 ? -scaled : scaled
  }

  static #compareMagnitude(a: Quantity, b: Quantity): -1 | 0 | 1 {
    if (a.#order() !== b.#order()) return a.#order() < b.#order() ? -1 : 1
    // Same leading digit position: the exponents differ by at most the mantissas' lengths.
    const e = Math.min(a.#exponent, b.#exponent)
    const x = a.#mantissa * 10n ** BigInt(a.#exponent - e)
    const y = b.#mantissa * 10n ** BigInt(b.#exponent - e)
    return x < y ? -1 : x > y ? 1 : 0
  }
}

/** What a suffix multiplies by (a power of two for binary suffixes, else a power of ten), or undefined when it is not one. */
function interpret(suffix: string): { binary: boolean; factor: bigint; exponent: number } | undefined {
  const decimal = DECIMAL[suffix]
  if (decimal !== undefined) return { binary: false, factor: 1n, exponent: decimal }
  const binary = BINARY[suffix]
  if (binary !== undefined) return { binary: true, factor: 2n ** binary, exponent: 0 }
  if (!EXPONENT.test(suffix)) return undefined
  const exponent = BigInt(suffix.slice(1))
  // strconv.ParseInt(…, 64) refuses what does not fit, then int32() wraps.
  if (exponent > MAX_INT64 || exponent < MIN_INT64) return undefined
  return { binary: false, factor: 1n, exponent: Number(BigInt.asIntN(32, exponent)) }
}

/** ceil(m / 10^shift) for m > 0, without building 10^shift when it is far larger than m. */
function divideRoundingUp(m: bigint, shift: number): bigint {
  if (shift > digitCount(m)) return 1n
  const p = 10n ** BigInt(shift)
  return m % p === 0n ? m / p : m / p + 1n
}

/** Non-zero values are rounded away from zero to whole nanos; binary ones are capped at 2^63-1. */
function bounded(mantissa: bigint, exponent: number, binary: boolean): [bigint, number] {
  let m = mantissa
  let e = exponent
  if (m !== 0n && e < -9) {
    m = divideRoundingUp(m, -9 - e)
    e = -9
  }
  if (binary && Quantity.of(1, m, e).compareTo(Quantity.fromInteger(MAX_INT64)) > 0) return [MAX_INT64, 0]
  return [m, e]
}

/** The quantity a string denotes, or undefined when the API server would refuse it. */
export function parseQuantity(text: string | number): Quantity | undefined {
  const match = SHAPE.exec(String(text))
  if (match === null) return undefined
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match
  const unit = interpret(suffix)
  if ((whole === '' && fraction === '') || unit === undefined) return undefined
  const digits = `${whole}${fraction}`.replace(/^0+/, '')
  const significant = digits.replace(/0+$/, '')
  const mantissa = BigInt(significant === '' ? '0' : significant) * unit.factor
  const exponent = digits.length - significant.length - fraction.length + unit.exponent
  const [m, e] = bounded(mantissa, exponent, unit.binary)
  return Quantity.of(sign === '-' ? -1 : 1, m, e)
}

export function isQuantity(text: string): boolean {
  return parseQuantity(text) !== undefined
}

/** -1, 0 or 1; undefined when either side is not a quantity. */
export function compareQuantities(a: string | number, b: string | number): -1 | 0 | 1 | undefined {
  const x = parseQuantity(a)
  const y = parseQuantity(b)
  if (x === undefined || y === undefined) return undefined
  return x.compareTo(y)
}
