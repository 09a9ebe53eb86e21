/**
 * Parsing our own objects: defaults from the schema, then validation. Used by
 * the hooks (the API server has already done both, but a hook must not trust
 * its input) and by the offline CLI (where nothing has).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { TSchema } from 'typebox'

/** Schema keywords Kubernetes adds to JSON Schema; ajv must know them to stay strict. */
export const KUBERNETES_KEYWORDS = [
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'x-kubernetes-group-version-kind',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-unions',
  'example',
]

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
type AddFormats = (ajv: Ajv) => Ajv
const formatsModule = addFormatsModule as unknown as AddFormats & { default?: AddFormats }
const addFormats: AddFormats = formatsModule.default ?? formatsModule

function newAjv(useDefaults: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, useDefaults, coerceTypes: false, removeAdditional: false })
  ajv.addVocabulary(KUBERNETES_KEYWORDS)
  addFormats(ajv)
  return ajv
}

const defaulting = newAjv(true)

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] }

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`)
}

/** A parser for one schema: deep-copies its input, applies defaults, validates. Never mutates the input. */
export function parserFor<T>(schema: TSchema): (input: unknown) => ParseResult<T> {
  const validate: ValidateFunction = defaulting.compile(JSON.parse(JSON.stringify(schema)) as object)
  return (input) => {
    const copy: unknown = input === undefined ? undefined : JSON.parse(JSON.stringify(input))
    if (validate(copy)) return { ok: true, value: copy as T }
    return { ok: false, errors: describe(validate.errors) }
  }
}

const plain = newAjv(false)

/** A validator that only checks: no copy, no defaults, no coercion (for hook envelopes). */
export function checkerFor(schema: TSchema): (input: unknown) => string[] {
  const validate: ValidateFunction = plain.compile(JSON.parse(JSON.stringify(schema)) as object)
  return (input) => (validate(input) ? [] : describe(validate.errors))
}
