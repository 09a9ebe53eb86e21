/**
 * startServer in-process: the address it listens on, and close(): drain,
 * then app.close() that lets a request in flight finish while a request
 * arriving during the close gets a coded 503. Raw sockets make "in flight"
 * and "arriving" exact: a body half sent, headers half sent.
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type RunningServer, startServer, systemClock } from '../../hooks/server.js'
import { createLogger } from '../../hooks/logger.js'
import { SEED_REQUEST } from './helpers.js'

let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function open(port: number): { socket: net.Socket; reply: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1')
  let text = ''
  socket.on('data', (d: Buffer) => (text += d.toString()))
  const reply = new Promise<string>((resolve) => {
    socket.on('close', () => { resolve(text) })
    socket.on('error', () => { resolve(text) })
  })
  return { socket, reply }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const body = JSON.stringify(SEED_REQUEST)
const headers = `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`

describe('startServer', () => {
  it('listens where asked and answers; close() is idempotent', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', drainSeconds: 0, logger: createLogger({ level: 'silent' }) })
    expect(server.address).toBe(`http://127.0.0.1:${server.port}`)
    const res = await fetch(`${server.address}/hooks/databasecluster/sync`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(200)
    await Promise.all([server.close(), server.close()])
    await expect(fetch(`${server.address}/healthz`)).rejects.toThrow()
  })

  it('close(): readyz 503 during the drain, then in-flight requests finish and new ones get 503', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', drainSeconds: 1, logger: createLogger({ level: 'silent' }) })
    const inFlight = open(server.port)
    inFlight.socket.write(`POST /hooks/databasecluster/sync HTTP/1.1\r\nhost: x\r\n${headers}${body.slice(0, 50)}`)
    const arriving = open(server.port)
    arriving.socket.write('POST /hooks/databasecluster/sync HTTP/1.1\r\nhost: x\r\n')
    await pause(100)
    const closed = server.close()
    expect((await fetch(`${server.address}/readyz`)).status).toBe(503)
    expect((await fetch(`${server.address}/hooks/databasecluster/sync`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(200)
    await pause(1300) // past the drain: app.close() is waiting for both sockets
    arriving.socket.write(headers + body)
    inFlight.socket.write(body.slice(50))
    const [late, finished] = await Promise.all([arriving.reply, inFlight.reply])
    await closed
    expect(late).toMatch(/^HTTP\/1\.1 503 /)
    expect(JSON.parse(late.slice(late.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'DBAAS_ERR_DRAINING', message: 'the server is shutting down' })
    expect(finished).toMatch(/^HTTP\/1\.1 200 /)
    expect(JSON.parse(finished.slice(finished.indexOf('\r\n\r\n') + 4)).children.length).toBeGreaterThan(0)
  })
})

describe('systemClock', () => {
  it('is RFC 3339 UTC with second precision, and now', () => {
    const now = systemClock()
    expect(now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Math.abs(Date.parse(now) - Date.now())).toBeLessThan(2000)
  })
})
