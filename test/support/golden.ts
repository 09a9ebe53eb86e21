/**
 * The golden DatabaseCluster runner every engine's suite shares: each scenario's
 * request and response are written next to each other under
 * test/golden/<folder>/, and the response is computed from the request as it
 * reads back from its YAML file (what a reader of the file sees is what ran).
 */
import path from 'node:path'
import { expect, it } from 'vitest'
import YAML from 'yaml'
import { syncDatabaseCluster } from '../../providers/database-cluster/sync.js'
import type { ReconcileContext } from '../../providers/shared/context.js'
import type { CompositeSyncRequest, CompositeSyncResponse } from '../../providers/shared/kube.js'

export interface GoldenScenario {
  name: string
  request: CompositeSyncRequest
  ctx: ReconcileContext
}

export function goldenYaml(value: unknown): string {
  return YAML.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })
}

/** One test per scenario; `check` adds the suite's own assertions on each response. */
export function goldenSyncTests(folder: string, scenarios: readonly GoldenScenario[], check: (response: CompositeSyncResponse) => void = () => undefined): void {
  const dir = path.join(import.meta.dirname, '..', 'golden', folder)
  for (const { name, request, ctx } of scenarios) {
    it(name, async () => {
      await expect(goldenYaml(request)).toMatchFileSnapshot(path.join(dir, `${name}.request.yaml`))
      const response = syncDatabaseCluster(YAML.parse(goldenYaml(request)) as CompositeSyncRequest, ctx)
      await expect(goldenYaml(response)).toMatchFileSnapshot(path.join(dir, `${name}.response.yaml`))
      check(response)
    })
  }
}

/** Every scenario's response by name, for the assertions about what each must show. */
export function responsesByName(scenarios: readonly GoldenScenario[]): Record<string, CompositeSyncResponse> {
  return Object.fromEntries(scenarios.map((s) => [s.name, syncDatabaseCluster(s.request, s.ctx)]))
}
