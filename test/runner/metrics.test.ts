import { Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import type { RunnerReport } from '../../api/runner.js'
import { RunnerMetrics } from '../../runner/metrics.js'

const REPORT: RunnerReport = {
  consecutiveFailures: 0,
  lastSuccessfulTime: '2026-01-01T02:00:40Z',
  lastBackup: { id: '20260101T020000Z', startTime: '2026-01-01T02:00:00Z', endTime: '2026-01-01T02:00:40Z', size: 1234, checksum: 'ab', ok: true, locations: [{ name: 'disk', ok: true }, { name: 's3', ok: false, error: 'timeout' }] },
  stored: [{ location: 'disk', count: 3 }],
}

async function scrape(fill: (m: RunnerMetrics) => void): Promise<string> {
  const registry = new Registry()
  fill(new RunnerMetrics(registry))
  return registry.metrics()
}

describe('runner metrics', () => {
  it('after a restart, the newest backup\'s duration, size and location results come back from the report', async () => {
    const text = await scrape((m) => { m.record(REPORT) })
    expect(text).toContain('dbaas_backup_duration_seconds 40')
    expect(text).toContain('dbaas_backup_size_bytes 1234')
    expect(text).toContain('dbaas_backup_location_upload_success{location="disk"} 1')
    expect(text).toContain('dbaas_backup_location_upload_success{location="s3"} 0')
    expect(text).toContain('dbaas_backup_last_success_timestamp_seconds 1767232840')
  })

  it('shows the action running, and nothing once it is done', async () => {
    const running = await scrape((m) => { m.record({ ...REPORT, running: { id: '20260102T020000Z', action: 'backup', startTime: '2026-01-02T02:00:00Z' } }) })
    expect(running).toContain('dbaas_backup_running{action="backup"} 1')
    expect(running).toContain('dbaas_backup_running{action="verify"} 0')
    const idle = await scrape((m) => { m.record(REPORT) })
    expect(idle).toContain('dbaas_backup_running{action="backup"} 0')
  })

  it('the next scheduled backup, absent while suspended', async () => {
    expect(await scrape((m) => { m.scheduled({ nextBackup: '2026-01-02T02:00:00Z', problems: [] }) })).toContain('dbaas_backup_next_scheduled_timestamp_seconds{action="backup"} 1767319200')
    const suspended = await scrape((m) => { m.scheduled({ nextBackup: '2026-01-02T02:00:00Z', problems: [] }); m.scheduled({ problems: [] }) })
    expect(suspended).not.toMatch(/^dbaas_backup_next_scheduled_timestamp_seconds\{/m)
  })
})
