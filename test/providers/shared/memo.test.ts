import { describe, expect, it } from 'vitest'
import { memoByKey, memoByObject } from '../../../providers/shared/memo.js'

describe('memo', () => {
  it('by key: computes once per key, remembers undefined too, and drops everything when full', () => {
    let calls = 0
    const memo = memoByKey<number | undefined>(2)
    const compute = (v: number | undefined) => () => { calls++; return v }
    expect([memo('a', compute(1)), memo('a', compute(9)), memo('b', compute(undefined)), memo('b', compute(9))]).toEqual([1, 1, undefined, undefined])
    expect(calls).toBe(2)
    memo('c', compute(3))
    expect(memo('a', compute(7))).toBe(7)
    expect(calls).toBe(4)
  })

  it('by object: one answer per object identity', () => {
    let calls = 0
    const size = memoByObject((o: { n: number }) => { calls++; return o.n * 2 })
    const a = { n: 1 }
    expect([size(a), size(a), size({ n: 1 })]).toEqual([2, 2, 2])
    expect(calls).toBe(2)
  })
})
