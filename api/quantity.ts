/**
 * Kubernetes resource quantities (`10Gi`, `500m`, `1e3`) as exact rationals,
 * for comparisons such as "storage never shrinks".
 */

const BINARY: Record<string, bigint> = { Ki: 2n ** 10n, Mi: 2n ** 20n, Gi: 2n ** 30n, Ti: 2n ** 40n, Pi: 2n ** 50n, Ei: 2n ** 60n }
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }

/** Numerator and denominator (a power of ten) of a quantity, or undefined when it is not one. */
export function parseQuantity(text: string | number): { num: bigint; den: bigint } | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(String(text).trim())
  if (m === null) return undefined
  const [, sign, digits = '0', suffix = ''] = m
  const [whole = '', frac = ''] = digits.split('.')
  let num = BigInt(`${whole}${frac}` === '' ? '0' : `${whole}${frac}`) * (sign === '-' ? -1n : 1n)
  let den = 10n ** BigInt(frac.length)
  const binary = BINARY[suffix]
  const exponent = suffix.startsWith('e') || suffix.startsWith('E') ? Number(suffix.slice(1)) : DECIMAL[suffix]
  if (binary !== undefined) num *= binary
  else if (exponent !== undefined && exponent >= 0) num *= 10n ** BigInt(exponent)
  else if (exponent !== undefined) den *= 10n ** BigInt(-exponent)
  return { num, den }
}

/** -1, 0 or 1; undefined when either side is not a quantity. */
export function compareQuantities(a: string | number, b: string | number): number | undefined {
  const x = parseQuantity(a)
  const y = parseQuantity(b)
  if (x === undefined || y === undefined) return undefined
  const left = x.num * y.den
  const right = y.num * x.den
  return left < right ? -1 : left > right ? 1 : 0
}
