/**
 * Remembering answers of pure functions. Metacontroller sends the same
 * parents, specs and controllers again and again, so the hot path remembers
 * what depends only on them. Callers must treat remembered answers as
 * read-only (or hand out copies).
 */

/** Answers by a string key; bounded: the whole memo is dropped when it is full. */
export function memoByKey<T>(limit: number): (key: string, compute: () => T) => T {
  const known = new Map<string, T>()
  return (key, compute) => {
    if (known.has(key)) return known.get(key) as T
    const value = compute()
    if (known.size >= limit) known.clear()
    known.set(key, value)
    return value
  }
}

/** One answer per object, for as long as the object lives. */
export function memoByObject<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const known = new WeakMap<K, T>()
  return (key) => {
    if (known.has(key)) return known.get(key) as T
    const value = compute(key)
    known.set(key, value)
    return value
  }
}
