/** Compression: gzip in-process (node:zlib), zstd through the `zstd` binary (Node 20 has no zstd). */
import { spawn } from 'node:child_process'
import { Duplex, PassThrough } from 'node:stream'
import zlib from 'node:zlib'

function zstdProcess(args: string[]): Duplex {
  const child = spawn('zstd', args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const duplex = Duplex.from({ writable: child.stdin, readable: child.stdout })
  child.on('close', (code) => {
    if (code !== 0) duplex.destroy(new Error(`zstd exited ${String(code)}: ${stderr.trim()}`))
  })
  child.on('error', (e) => duplex.destroy(e))
  return duplex
}

export function compressor(kind: 'zstd' | 'gzip' | 'none'): Duplex {
  if (kind === 'gzip') return zlib.createGzip({ level: 6 })
  if (kind === 'zstd') return zstdProcess(['-q', '-3', '-c', '-T0'])
  return new PassThrough()
}

export function decompressor(kind: 'zstd' | 'gzip' | 'none'): Duplex {
  if (kind === 'gzip') return zlib.createGunzip()
  if (kind === 'zstd') return zstdProcess(['-q', '-d', '-c'])
  return new PassThrough()
}
