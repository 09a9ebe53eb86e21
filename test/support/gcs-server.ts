/**
 * A small Google Cloud Storage JSON API on loopback, answering the calls the
 * official client (@google-cloud/storage) makes for the runner's location:
 * resumable uploads (session POST, then the data PUT, 200 with the object's
 * crc32c and md5), listing with a prefix and pages, media downloads with
 * x-goog-hash, and deletes. Objects exist only once their upload completed.
 * It can cut uploads off mid-way (a network drop).
 */
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { CRC32C } from '@google-cloud/storage'

export interface GcsServer {
  endpoint: string
  objects: Map<string, Buffer>
  /** `METHOD path?query` of every request. */
  requests: string[]
  cutUploadsAfter: (bytes: number | undefined) => void
  stop: () => Promise<void>
}

function hashes(data: Buffer): { crc32c: string; md5Hash: string } {
  const crc = new CRC32C()
  crc.update(data)
  return { crc32c: crc.toString(), md5Hash: crypto.createHash('md5').update(data).digest('base64') }
}

function resource(bucket: string, name: string, data: Buffer): Record<string, unknown> {
  return { kind: 'storage#object', bucket, name, size: String(data.length), generation: '1', contentType: 'application/octet-stream', ...hashes(data) }
}

export async function startGcs(bucket: string, pageSize = 1000): Promise<GcsServer> {
  const objects = new Map<string, Buffer>()
  const sessions = new Map<string, string>()
  const requests: string[] = []
  let cut: number | undefined
  let endpoint = ''
  const json = (res: http.ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

  const startUpload = (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume()
    const id = crypto.randomUUID()
    sessions.set(id, url.searchParams.get('name') ?? '')
    res.writeHead(200, { location: `${endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}` }).end()
  }

  const upload = (url: URL, req: http.IncomingMessage, res: http.ServerResponse) => {
    const id = url.searchParams.get('upload_id') ?? ''
    const name = sessions.get(id)
    if (name === undefined) {
      json(res, 404, { error: { code: 404, message: 'no such upload session' } })
      return
    }
    if (req.headers['content-range'] === 'bytes */*') {
      // A status query after a broken request: nothing of it was persisted.
      req.resume()
      res.writeHead(308).end()
      return
    }
    const chunks: Buffer[] = []
    let seen = 0
    const limit = cut
    req.on('data', (c: Buffer) => {
      seen += c.length
      if (limit !== undefined && seen > limit) req.socket.destroy()
      else chunks.push(c)
    })
    req.on('end', () => {
      const data = Buffer.concat(chunks)
      sessions.delete(id)
      objects.set(name, data)
      json(res, 200, resource(bucket, name, data))
    })
  }

  const list = (url: URL, res: http.ServerResponse) => {
    const prefix = url.searchParams.get('prefix') ?? ''
    const names = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort()
    const from = Number(url.searchParams.get('pageToken') ?? 0)
    const page = names.slice(from, from + pageSize)
    json(res, 200, { kind: 'storage#objects', items: page.map((n) => resource(bucket, n, objects.get(n) ?? Buffer.alloc(0))), ...(from + pageSize < names.length ? { nextPageToken: String(from + pageSize) } : {}) })
  }

  const object = (name: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse) => {
    const data = objects.get(name)
    if (data === undefined) json(res, 404, { error: { code: 404, message: `No such object: ${bucket}/${name}` } })
    else if (req.method === 'DELETE') {
      objects.delete(name)
      res.writeHead(204).end()
    } else if (url.searchParams.get('alt') === 'media') {
      const h = hashes(data)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length, 'x-goog-hash': `crc32c=${h.crc32c},md5=${h.md5Hash}`, 'x-goog-stored-content-encoding': 'identity' }).end(data)
    } else json(res, 200, resource(bucket, name, data))
  }

  const server = http.createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`)
    const url = new URL(req.url ?? '/', endpoint)
    const named = new RegExp(`^/storage/v1/b/${bucket}/o/(.+)$`).exec(url.pathname)
    const uploads = url.pathname === `/upload/storage/v1/b/${bucket}/o`
    if (req.method === 'POST' && uploads && url.searchParams.get('uploadType') === 'resumable') startUpload(url, req, res)
    else if (req.method === 'PUT' && uploads) upload(url, req, res)
    else if (req.method === 'GET' && url.pathname === `/storage/v1/b/${bucket}/o`) list(url, res)
    else if (named !== null && (req.method === 'GET' || req.method === 'DELETE')) object(decodeURIComponent(named[1] ?? ''), url, req, res)
    else json(res, 400, { error: { code: 400, message: `not supported here: ${req.method ?? ''} ${url.pathname}` } })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    endpoint,
    objects,
    requests,
    cutUploadsAfter: (bytes) => { cut = bytes },
    stop: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
