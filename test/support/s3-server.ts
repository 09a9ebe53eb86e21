/**
 * An S3 protocol server on loopback (s3rver, which implements multipart
 * uploads) with a fresh directory and bucket, behind a small proxy that
 * records every request and can cut uploads off mid-way (a network drop).
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'
import { freePort } from './server-process.js'

export interface S3Server {
  endpoint: string
  /** `METHOD path?query` of every request that reached the server. */
  requests: string[]
  /** From now on, every upload request is cut off after this many body bytes (undefined: never). */
  cutUploadsAfter: (bytes: number | undefined) => void
  stop: () => Promise<void>
}

export async function startS3(bucket: string): Promise<S3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3-'))
  const port = await freePort()
  const s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  await s3.run()
  const requests: string[] = []
  let cut: number | undefined
  const proxy = http.createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`)
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    const limit = req.method === 'PUT' ? cut : undefined
    let seen = 0
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length
      if (limit !== undefined && seen > limit) {
        upstream.destroy()
        req.socket.destroy()
        return
      }
      upstream.write(chunk)
    })
    req.on('end', () => upstream.end())
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    requests,
    cutUploadsAfter: (bytes) => { cut = bytes },
    stop: async () => {
      proxy.closeAllConnections()
      await new Promise((r) => proxy.close(r))
      await s3.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
