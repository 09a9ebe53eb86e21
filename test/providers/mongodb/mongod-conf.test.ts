import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { confProblems, mongoConf, typedValue } from '../../../providers/mongodb/mongod-conf.js'

describe('mongod.conf from dotted parameter names', () => {
  it.each([
    ['200', 200],
    ['0.5', 0.5],
    ['-1', -1],
    ['true', true],
    ['false', false],
    ['slowOp', 'slowOp'],
    ['007', '007'],
    ['1e3', '1e3'],
    ['True', 'True'],
    ['99999999999999999999', '99999999999999999999'],
  ])('%s is written as %j', (value, typed) => {
    expect(typedValue(value)).toEqual(typed)
  })

  it('nests sections in the order given and quotes strings that look like numbers', () => {
    const text = mongoConf([
      { name: 'storage.wiredTiger.engineConfig.cacheSizeRatio', value: '0.5' },
      { name: 'setParameter.ttlMonitorEnabled', value: 'false' },
      { name: 'storage.wiredTiger.collectionConfig.blockCompressor', value: 'zstd' },
      { name: 'systemLog.component.query.verbosity', value: '007' },
    ])
    expect(YAML.parse(text ?? '')).toEqual({ storage: { wiredTiger: { engineConfig: { cacheSizeRatio: 0.5 }, collectionConfig: { blockCompressor: 'zstd' } } }, setParameter: { ttlMonitorEnabled: false }, systemLog: { component: { query: { verbosity: '007' } } } })
    expect(mongoConf([])).toBeUndefined()
  })
})

describe('parameter names', () => {
  it.each([
    [[{ name: 'operationProfiling.mode', value: 'slowOp' }], []],
    [[{ name: 'net.bindIpAll', value: 'true' }], [/net.bindIpAll: the operator binds to all interfaces/]],
    [[{ name: '.net', value: 'x' }], [/\.net is not a dotted option path/]],
    [[{ name: 'a.b', value: '1' }, { name: 'a.b', value: '2' }], [/a.b is set twice/]],
  ])('%j', (params, expected) => {
    const problems = confProblems(params, 'config')
    expect(problems).toHaveLength(expected.length)
    for (const m of expected) expect(problems[0]?.message).toMatch(m)
  })
})
