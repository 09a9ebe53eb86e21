/**
 * The CEL environment our CRD rules run in, as close to the API server's as
 * cel-js allows: homogeneous list and map literals, optional types (for
 * `optionalOldSelf`), and the part of the Kubernetes quantity library that is
 * exact (quantity, isQuantity, compareTo, isGreaterThan, isLessThan, add, sub,
 * asApproximateFloat, and `==` by value); cel-js brings `split` as the
 * Kubernetes strings library has it. A rule that calls a function missing
 * here fails the type check in test/contract/crds.test.ts rather than passing
 * unnoticed.
 */
import { Environment } from '@marcbachmann/cel-js'
import { Quantity, parseQuantity } from './quantity.js'

function toQuantity(text: string): Quantity {
  const q = parseQuantity(text)
  if (q === undefined) throw new Error(`quantities must match the regular expression: ${JSON.stringify(text)} does not`)
  return q
}

function build(): Environment {
  return new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: true, enableOptionalTypes: true })
    .registerType('Quantity', Quantity)
    .registerFunction('quantity(string): Quantity', toQuantity)
    .registerFunction('isQuantity(string): bool', (text: string) => parseQuantity(text) !== undefined)
    .registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => BigInt(a.compareTo(b)))
    .registerFunction('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.compareTo(b) > 0)
    .registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.compareTo(b) < 0)
    .registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b))
    .registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => a.add(Quantity.fromInteger(b)))
    .registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.sub(b))
    .registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => a.sub(Quantity.fromInteger(b)))
    .registerFunction('Quantity.asApproximateFloat(): double', (a: Quantity) => a.asApproximateFloat())
    .registerOperator('Quantity == Quantity', (a: Quantity, b: Quantity) => a.compareTo(b) === 0)
}

/** The environment rules are evaluated in (self and oldSelf untyped). */
export const CEL_ENVIRONMENT = build()

/** A fresh environment with the same library, for type checking against declared types. */
export function typedEnvironment(): Environment {
  return CEL_ENVIRONMENT.clone({ unlistedVariablesAreDyn: false })
}
