/** Resource quantities parsed and compared as k8s.io/apimachinery's ParseQuantity does. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { compareQuantities, isQuantity, parseQuantity } from '../../api/quantity.js'

describe('parsing', () => {
  it.each([
    '0', '10Gi', '10240Mi', '1.5Gi', '500m', '1e3', '1E3', '1e+3', '1e-3', '1E', '+1', '-1', '.5', '1.', '1.G', '007', '2147483647Ei', '1n', '0.0000000001',
  ])('accepts %s', (text) => {
    expect(isQuantity(text)).toBe(true)
  })

  it.each([
    '', ' 10Gi', '10Gi ', '10K', '10Kib', '10gi', '1e1.5', '1ee3', '1e', 'Mi', '.', '-', 'e3', '1.2.3', '1,3G', '1 G', 'Three', '0x10', '1e9223372036854775808',
  ])('refuses %j', (text) => {
    expect(isQuantity(text)).toBe(false)
  })

  it('takes numbers as the API server takes int-or-string quantities', () => {
    expect(compareQuantities(1, '1000m')).toBe(0)
    expect(compareQuantities(0.5, '500m')).toBe(0)
    expect(compareQuantities(1e21, '1Z')).toBeUndefined()
    expect(compareQuantities(1e21, '1000E')).toBe(0)
  })
})

describe('comparing', () => {
  it.each<[string, string, -1 | 0 | 1]>([
    ['10Gi', '10240Mi', 0],
    ['10Gi', '10737418240', 0],
    ['10Gi', '10G', 1],
    ['200M', '0.2G', 0],
    ['50M', '50Mi', -1],
    ['1k', '1e3', 0],
    ['1E', '1e18', 0],
    ['1Ei', '1152921504606846976', 0],
    ['1.5Gi', '1536Mi', 0],
    ['100m', '1', -1],
    ['-1', '0', -1],
    ['-2Gi', '-1Gi', -1],
    ['0', '-0', 0],
    ['0.5Ki', '512', 0],
    ['1e-3', '1m', 0],
    // Non-zero values round away from zero to whole nanos.
    ['0.0000000001', '1n', 0],
    ['1.0000000001', '1000000001n', 0],
    ['-0.0000000001', '-1n', 0],
    ['1e-20', '0', 1],
    // Binary quantities are capped at 2^63-1.
    ['9999999999999999999Ki', '9223372036854775807', 0],
    ['8Ei', '7Ei', 1],
    ['16Ei', '8Ei', 0],
    // Decimal ones are not, and huge exponents compare without building the number.
    ['1e2147483647', '9'.repeat(200), 1],
    ['1e2147483647', '1e2147483646', 1],
    // Go's int32() wraps the exponent: 1e2147483648 is 1e-2147483648, which rounds up to 1n.
    ['1e2147483648', '1n', 0],
  ])('%s vs %s: %i', (a, b, expected) => {
    expect(compareQuantities(a, b)).toBe(expected)
    expect(compareQuantities(b, a)).toBe(expected === 0 ? 0 : -expected)
  })
})

const MAX_INT64 = 2n ** 63n - 1n
const SUFFIXES: [string, bigint][] = [['', 1n], ['k', 10n ** 3n], ['M', 10n ** 6n], ['G', 10n ** 9n], ['T', 10n ** 12n], ['Ki', 2n ** 10n], ['Mi', 2n ** 20n], ['Gi', 2n ** 30n], ['Ti', 2n ** 40n]]
/** Whole quantities and their value; binary ones capped at 2^63-1 as the API server caps them. */
const whole = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom(...SUFFIXES)).map(([n, [suffix, factor]]) => {
  const value = n * factor
  return { text: `${n}${suffix}`, value: suffix.endsWith('i') && value > MAX_INT64 ? MAX_INT64 : value }
})
const fraction = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(['', 0], ['m', -3], ['k', 3], ['e2', 2], ['e-2', -2]) as fc.Arbitrary<[string, number]>)
  // value × 10^9 (in nanos), exact for these sizes
  .map(([digits, decimals, [suffix, exp]]) => {
    const text = decimals === 0 ? `${digits}${suffix}` : `${Math.floor(digits / 10 ** decimals)}.${String(digits % 10 ** decimals).padStart(decimals, '0')}${suffix}`
    const scale = 9 + exp - decimals
    return { text, nanos: scale >= 0 ? BigInt(digits) * 10n ** BigInt(scale) : BigInt(digits) / 10n ** BigInt(-scale) }
  })

describe('properties', () => {
  test.prop([whole, whole])('whole quantities compare as their byte counts do (binary ones capped)', (a, b) => {
    expect(compareQuantities(a.text, b.text)).toBe(a.value < b.value ? -1 : a.value > b.value ? 1 : 0)
  })

  test.prop([fraction, fraction])('decimal fractions compare as their exact values do', (a, b) => {
    expect(compareQuantities(a.text, b.text)).toBe(a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0)
  })

  test.prop([whole, whole, whole])('adding and subtracting are exact and ordered', (a, b, c) => {
    const [x, y, z] = [a, b, c].map((q) => parseQuantity(q.text)!)
    expect(x!.add(y!).sub(y!).compareTo(x!)).toBe(0)
    expect(x!.add(y!).compareTo(y!.add(x!))).toBe(0)
    expect(x!.add(y!).add(z!).compareTo(x!.add(y!.add(z!)))).toBe(0)
    expect(x!.add(z!).compareTo(y!.add(z!))).toBe(x!.compareTo(y!))
  })
})
