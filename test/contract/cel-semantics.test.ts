/**
 * How api/cel.ts runs rules, checked on small schemas against what the
 * Kubernetes docs say the API server does: where `self` and `oldSelf` are
 * bound, when transition rules run, ratcheting, messages and errors.
 */
import { describe, expect, it } from 'vitest'
import { type RuleFailure, evaluateCrdRules } from '../../api/cel.js'

type Obj = Record<string, unknown>

function root(spec: Obj, rootRules: Obj[] = []): Obj {
  return { type: 'object', properties: { metadata: { type: 'object' }, spec }, 'x-kubernetes-validations': rootRules }
}

const rule = (r: string, extra: Obj = {}) => ({ rule: r, message: `failed: ${r}`, ...extra })
const failed = (failures: RuleFailure[]) => failures.map((f) => f.rule)

describe('where rules run', () => {
  const schema = root({
    type: 'object',
    properties: {
      size: { type: 'integer', 'x-kubernetes-validations': [rule('self >= 1')] },
      ratio: { type: 'number', 'x-kubernetes-validations': [rule('self < 1.0')] },
      note: { type: 'string', 'x-kubernetes-validations': [rule('self != ""')] },
    },
  })

  it('binds self to the value at the node; absent and null values are not checked', () => {
    expect(failed(evaluateCrdRules(schema, { spec: { size: 0, ratio: 0.5 } }))).toEqual(['self >= 1'])
    expect(evaluateCrdRules(schema, { spec: { note: null } })).toEqual([])
    expect(evaluateCrdRules(schema, { spec: {} })).toEqual([])
  })

  it('gives integers as int and numbers as double, as the schema types them', () => {
    expect(evaluateCrdRules(schema, { spec: { size: 2, ratio: 0 } })).toEqual([])
    const typed = root({ type: 'object', properties: { size: { type: 'integer' }, ratio: { type: 'number' } }, 'x-kubernetes-validations': [rule("type(self.size) == int && type(self.ratio) == double")] })
    expect(evaluateCrdRules(typed, { spec: { size: 2, ratio: 1 } })).toEqual([])
  })

  it('shows a resource only its name and generateName of metadata, and no undeclared fields', () => {
    const s = root({ type: 'object', properties: { a: { type: 'string' } } }, [rule("self.metadata.name == 'x' && !has(self.metadata.namespace) && !has(self.spec.b)")])
    expect(evaluateCrdRules(s, { metadata: { name: 'x', namespace: 'db', labels: { a: 'b' } }, spec: { a: 'v', b: 'hidden' } })).toEqual([])
  })

  it('reports the path, the fieldPath and the reason', () => {
    const s = root({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [rule('self.n > 0', { fieldPath: '.n', reason: 'FieldValueForbidden' })] } } } })
    expect(evaluateCrdRules(s, { spec: { items: [{ n: 1 }, { n: 0 }] } })).toEqual([{ path: '.spec.items[1].n', rule: 'self.n > 0', message: 'failed: self.n > 0', reason: 'FieldValueForbidden' }])
  })

  it('uses messageExpression when it yields a line of text, else message, else the rule', () => {
    const s = (extra: Obj) => root({ type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.n > 0', ...extra }] })
    const message = (extra: Obj) => evaluateCrdRules(s(extra), { spec: { n: 0 } })[0]?.message
    expect(message({ messageExpression: "'n is ' + string(self.n)", message: 'static' })).toBe('n is 0')
    expect(message({ messageExpression: 'self.missing', message: 'static' })).toBe('static')
    expect(message({})).toBe('failed rule: self.n > 0')
  })

  it('counts a rule that cannot be evaluated, or is no predicate, as failed', () => {
    const s = root({ type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [rule('self.n > 0'), rule('self.n + 1')] })
    const failures = evaluateCrdRules(s, { spec: {} })
    expect(failures.map((f) => f.message)).toEqual(['rule failed to evaluate: No such key: n', 'rule failed to evaluate: No such key: n'])
    expect(evaluateCrdRules(s, { spec: { n: 1 } }).map((f) => f.message)).toEqual(['rule did not evaluate to a bool: self.n + 1'])
  })
})

describe('transition rules', () => {
  const immutable = [rule('self == oldSelf')]
  const schema = root({
    type: 'object',
    properties: {
      required: { type: 'string', 'x-kubernetes-validations': immutable },
      optional: { type: 'string', 'x-kubernetes-validations': immutable },
      optionalOld: { type: 'string', 'x-kubernetes-validations': [rule('oldSelf.hasValue() ? self == oldSelf.value() : self == "first"', { optionalOldSelf: true })] },
      list: { type: 'array', items: { type: 'object', properties: { k: { type: 'string' }, v: { type: 'string', 'x-kubernetes-validations': immutable } } } },
      mapList: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], items: { type: 'object', properties: { k: { type: 'string' }, v: { type: 'string', 'x-kubernetes-validations': immutable } } } },
      map: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': immutable } },
    },
  })
  const before = { required: 'a', optional: 'a', optionalOld: 'first', list: [{ k: '1', v: 'x' }], mapList: [{ k: '1', v: 'x' }, { k: '2', v: 'y' }], map: { a: 'x' } }
  const update = (spec: Obj) => failed(evaluateCrdRules(schema, { spec }, { spec: before }))

  it('never run on create, unless optionalOldSelf (then oldSelf is none)', () => {
    expect(failed(evaluateCrdRules(schema, { spec: { ...before, optionalOld: 'second' } }))).toEqual(['oldSelf.hasValue() ? self == oldSelf.value() : self == "first"'])
    expect(evaluateCrdRules(schema, { spec: before })).toEqual([])
  })

  it('run on update where the old value correlates: properties, map keys, map-list keys', () => {
    expect(update(before)).toEqual([])
    expect(update({ ...before, required: 'b' })).toEqual(['self == oldSelf'])
    expect(update({ ...before, map: { a: 'changed' } })).toEqual(['self == oldSelf'])
    expect(update({ ...before, mapList: [{ k: '2', v: 'y' }, { k: '1', v: 'changed' }] })).toEqual(['self == oldSelf'])
    expect(update({ ...before, optionalOld: 'second' })).toEqual(['oldSelf.hasValue() ? self == oldSelf.value() : self == "first"'])
  })

  it('do not run when a field is set or unset, nor under lists whose items cannot be correlated', () => {
    expect(update({ ...before, optional: undefined })).toEqual([])
    expect(failed(evaluateCrdRules(schema, { spec: { ...before, optional: 'new' } }, { spec: { ...before, optional: undefined } }))).toEqual([])
    expect(update({ ...before, list: [{ k: '1', v: 'changed' }] })).toEqual([])
    expect(update({ ...before, mapList: [{ k: '3', v: 'new' }], map: { b: 'new' } })).toEqual([])
  })
})

describe('ratcheting', () => {
  const schema = root({ type: 'object', properties: { a: { type: 'integer', 'x-kubernetes-validations': [rule('self > 0')] }, b: { type: 'integer' } } })

  it('ignores a rule without oldSelf on a value that did not change, and only then', () => {
    expect(evaluateCrdRules(schema, { spec: { a: 0, b: 2 } }, { spec: { a: 0, b: 1 } })).toEqual([])
    expect(failed(evaluateCrdRules(schema, { spec: { a: -1 } }, { spec: { a: 0 } }))).toEqual(['self > 0'])
    expect(failed(evaluateCrdRules(schema, { spec: { a: 0 } }, { spec: { a: 0 } }, { ratcheting: false }))).toEqual(['self > 0'])
  })
})

describe('the quantity library', () => {
  const schema = (r: string) => root({ type: 'object', properties: { q: { type: 'string' } }, 'x-kubernetes-validations': [rule(r)] })
  const holds = (r: string, q = '1') => evaluateCrdRules(schema(r), { spec: { q } }).length === 0

  it.each([
    "quantity('200M').compareTo(quantity('0.2G')) == 0",
    "quantity('50M').compareTo(quantity('50Mi')) == -1",
    "quantity('50Mi').compareTo(quantity('50M')) == 1",
    "quantity('150Mi').isGreaterThan(quantity('100Mi'))",
    "!quantity('50Mi').isGreaterThan(quantity('100Mi'))",
    "quantity('50M').isLessThan(quantity('100M'))",
    "quantity('50k').add(quantity('20k')) == quantity('70k')",
    "quantity('50k').add(20) == quantity('50020')",
    "quantity('50k').sub(quantity('20k')) == quantity('30k')",
    "quantity('50k').sub(20000) == quantity('30k')",
    "quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')",
    "quantity('50k').sub(20000).asApproximateFloat() == 30000.0",
    "quantity('1Gi') == quantity('1024Mi') && quantity('1Gi') != quantity('1G')",
    "isQuantity('1.3Gi') && isQuantity('10000k') && !isQuantity('1,3G') && !isQuantity('200K') && !isQuantity('Three') && !isQuantity('Mi')",
  ])('%s', (expression) => {
    expect(holds(expression)).toBe(true)
  })

  it('quantity() of a malformed string is an evaluation error', () => {
    const failures = evaluateCrdRules(schema("quantity(self.q).isGreaterThan(quantity('0'))"), { spec: { q: '200K' } })
    expect(failures[0]?.message).toBe('rule failed to evaluate: quantities must match the regular expression: "200K" does not')
    expect(holds("quantity(self.q).isGreaterThan(quantity('0'))", '200k')).toBe(true)
  })
})
