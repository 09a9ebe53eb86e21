/**
 * Runs an Argo CD health script the way Argo CD does, in a real Lua engine
 * (wasmoon: Lua 5.4 compiled to WebAssembly).
 *
 * Argo CD runs health scripts in gopher-lua (Lua 5.1) with only the base,
 * table, package and a reduced os library opened (util/lua/lua.go, unless
 * `resource.customizations.useOpenLibs.<group>_<kind>` is set), the object
 * in the global `obj` (JSON arrays as 1-based tables, null as nil), and takes
 * the table the chunk returns. This harness mirrors that: the string, math,
 * io, utf8, coroutine and debug libraries are removed (string methods too),
 * and `obj` is built from a Lua table constructor, so integers stay integers
 * (`tostring(3)` is `"3"` in both engines). What a 5.4 engine accepts but
 * gopher-lua does not is caught by `lua51Problems` instead.
 */
import { LuaFactory } from 'wasmoon'

export const HEALTH_STATUSES = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'] as const
export type HealthStatusCode = (typeof HEALTH_STATUSES)[number]

export interface HealthStatus {
  status: string
  message?: string
}

/** Lua source for a string: printable ASCII as is, every other byte as a decimal escape (valid in Lua 5.1 to 5.4). */
export function luaString(value: string): string {
  let out = '"'
  for (const byte of Buffer.from(value, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
    out += printable ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`
  }
  return `${out}"`
}

/** A Lua table constructor for a JSON value, as gopher-lua's decodeValue builds it. */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a JSON number: ${value}`)
    return Number.isInteger(value) ? value.toFixed(0) : String(value)
  }
  if (typeof value === 'string') return luaString(value)
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`
  if (typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `[${luaString(k)}] = ${toLua(v)}`)
    return `{${fields.join(', ')}}`
  }
  throw new Error(`cannot convert ${typeof value} to Lua`)
}

/** Removes what Argo CD does not open: only the base, table and package libraries stay. */
const SANDBOX = `
local stringMeta = getmetatable("")
if stringMeta ~= nil then stringMeta.__index = nil end
string = nil; math = nil; io = nil; os = nil; utf8 = nil; coroutine = nil; debug = nil
`

let factory: LuaFactory | undefined

/** The health an Argo CD health script reports for `obj`. Throws on a Lua error or a result Argo CD would refuse. */
export async function runHealthScript(script: string, obj: unknown): Promise<HealthStatus> {
  factory ??= new LuaFactory()
  const engine = await factory.createEngine({ openStandardLibs: true, injectObjects: false, enableProxy: false })
  try {
    engine.doStringSync(SANDBOX)
    engine.doStringSync(`obj = ${toLua(obj)}`)
    const result: unknown = engine.doStringSync(script)
    if (typeof result !== 'object' || result === null || Array.isArray(result)) throw new Error(`expect table output from Lua script, not ${typeof result}`)
    const { status, message, ...rest } = result as Record<string, unknown>
    if (Object.keys(rest).length > 0) throw new Error(`unexpected fields in the returned table: ${Object.keys(rest).join(', ')}`)
    if (typeof status !== 'string' || !(HEALTH_STATUSES as readonly string[]).includes(status)) throw new Error(`Lua returned an invalid health status: ${String(status)}`)
    if (message !== undefined && typeof message !== 'string') throw new Error(`message is a ${typeof message}, not a string`)
    return message === undefined ? { status } : { status, message }
  } finally {
    engine.global.close()
  }
}

/** Lua source without comments and with every string literal emptied, so the scan below sees code only. */
function codeOnly(source: string): string {
  return source
    .replace(/--\[(=*)\[[\s\S]*?\]\1\]/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\[(=*)\[[\s\S]*?\]\1\]/g, '""')
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
}

const NOT_LUA51: [RegExp, string][] = [
  [/\bgoto\b/, 'goto (Lua 5.2)'],
  [/::\w+::/, 'labels (Lua 5.2)'],
  [/\/\//, 'floor division // (Lua 5.3)'],
  [/[&|]|~(?!=)|<<|>>/, 'bitwise operators (Lua 5.3)'],
  [/<\s*(const|close)\s*>/, 'attributes <const>/<close> (Lua 5.4)'],
  [/\b(string|math|io|os|utf8|coroutine|debug)\s*\./, 'a library Argo CD does not open without useOpenLibs'],
  [/:\s*(format|find|match|gsub|sub|len|lower|upper|rep|byte)\s*\(/, 'string methods (the string library is not open)'],
  [/\btable\.(unpack|move|pack)\b/, 'table functions newer than Lua 5.1'],
  [/\bunpack\s*\(/, 'unpack (gone in Lua 5.2)'],
]

/** Constructs that gopher-lua (Lua 5.1, base and table libraries only) would refuse or not have. */
export function lua51Problems(source: string): string[] {
  const code = codeOnly(source)
  return NOT_LUA51.filter(([pattern]) => pattern.test(code)).map(([, what]) => what)
}
