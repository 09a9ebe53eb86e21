/**
 * Everything a provider may depend on besides its request: the clock and the
 * operator's configuration. Providers never read the environment or the clock.
 */
import type { Engine } from '../../api/database-cluster.js'

export interface ImageCatalog {
  /** Engine version → container image; the newest version is the default. */
  postgresql: Record<string, string>
  mongodb: Record<string, string>
  mysql: Record<string, string>
  kafka: Record<string, string>
}

export interface OperatorConfig {
  /** Images per engine and version. */
  images: ImageCatalog
  /** Engines whose operators (and CRDs) are installed; others are refused with a condition. */
  engines: readonly Engine[]
  /** Whether the prometheus-operator PodMonitor CRD is installed. */
  podMonitors: boolean
  /** Cluster domain used to build fully qualified endpoint host names. */
  clusterDomain: string
  /** Image of the backup runner (the operator's own image, with every engine's client tools). */
  runnerImage: string
}

export interface ReconcileContext {
  /** Now, as an RFC 3339 UTC timestamp with second precision. */
  now: string
  config: OperatorConfig
}
