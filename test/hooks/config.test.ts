/** Environment and DBAAS_CONFIG: defaults, overrides, and clear failures. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig, readEnv } from '../../hooks/config.js'
import { DEFAULT_CONFIG } from '../../providers/shared/defaults.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbaas-config-'))
afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }) })

function file(name: string, text: string): string {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

describe('readEnv', () => {
  it('defaults: port 8080 on 0.0.0.0, info, a 5 s drain, no config file', () => {
    expect(readEnv({})).toEqual({ port: 8080, host: '0.0.0.0', logLevel: 'info', drainSeconds: 5 })
  })

  it('reads every variable', () => {
    expect(readEnv({ PORT: '9443', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DRAIN_SECONDS: '0', DBAAS_CONFIG: '/etc/dbaas/config.yaml' })).toEqual({ port: 9443, host: '127.0.0.1', logLevel: 'debug', drainSeconds: 0, configFile: '/etc/dbaas/config.yaml' })
  })

  it.each([
    [{ PORT: 'http' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
    [{ PORT: '80.5' }, /PORT/],
    [{ DRAIN_SECONDS: '-1' }, /DRAIN_SECONDS must be an integer/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"/],
  ])('refuses %j', (env, message) => {
    expect(() => readEnv(env)).toThrow(message)
  })
})

describe('loadConfig (DBAAS_CONFIG)', () => {
  it('without a file: the shipped defaults', () => {
    expect(loadConfig(undefined)).toBe(DEFAULT_CONFIG)
  })

  it('a YAML file overrides only the fields it names; an unquoted version key keeps its text', () => {
    const before = structuredClone(DEFAULT_CONFIG)
    const config = loadConfig(file('o.yaml', 'engines: [postgresql, mysql]\npodMonitors: false\nimages:\n  mysql:\n    8.0: registry.local/pxc:8.0.44\n    "8.4": registry.local/pxc:8.4.7\n'))
    expect(config).toEqual({ ...DEFAULT_CONFIG, engines: ['postgresql', 'mysql'], podMonitors: false, images: { ...DEFAULT_CONFIG.images, mysql: { '8.0': 'registry.local/pxc:8.0.44', '8.4': 'registry.local/pxc:8.4.7' } } })
    expect(DEFAULT_CONFIG).toEqual(before)
  })

  it('reads JSON too', () => {
    expect(loadConfig(file('o.json', JSON.stringify({ clusterDomain: 'corp.example', runnerImage: 'r.local/dbaas:1' })))).toEqual({ ...DEFAULT_CONFIG, clusterDomain: 'corp.example', runnerImage: 'r.local/dbaas:1' })
  })

  it('an empty file changes nothing', () => {
    expect(loadConfig(file('empty.yaml', ''))).toEqual(DEFAULT_CONFIG)
  })

  it.each([
    ['an unknown field, named', 'podMonitor: true\n', /podMonitor is not a known field/],
    ['an unknown engine under images', 'images:\n  redis:\n    "7": redis:7\n', /images\.redis is not a known field/],
    ['an unknown engine in engines', 'engines: [postgresql, oracle]\n', /\/engines\/1 .*\(postgresql, mongodb, mysql, kafka\)/],
    ['the same engine twice', 'engines: [mysql, mysql]\n', /\/engines/],
    ['a boolean given as a string', 'podMonitors: "yes"\n', /\/podMonitors must be boolean/],
    ['an empty image catalog', 'images:\n  kafka: {}\n', /\/images\/kafka/],
    ['an image that is not a string', 'images:\n  kafka:\n    "4.3.1": 7\n', /\/images\/kafka/],
    ['a list instead of a mapping', '- a\n', /\(root\) must be object/],
    ['invalid YAML', 'engines: [postgresql\n', /cannot read it/],
    ['a duplicate key', 'podMonitors: true\npodMonitors: false\n', /cannot read it: .*unique/i],
  ])('refuses %s, naming the file', (_name, text, message) => {
    const p = file('bad.yaml', text)
    expect(() => loadConfig(p)).toThrow(message)
    expect(() => loadConfig(p)).toThrow(p)
  })

  it('refuses a missing file', () => {
    expect(() => loadConfig(path.join(dir, 'absent.yaml'))).toThrow(/DBAAS_CONFIG .*absent\.yaml: cannot read it: ENOENT/)
  })
})
