/** The seed's provider factory: engine → provider. */
import type { Engine } from '../../api/database-cluster.js'
import { kafkaProvider } from '../kafka/provider.js'
import { mongodbProvider } from '../mongodb/provider.js'
import { mysqlProvider } from '../mysql/provider.js'
import { postgresqlProvider } from '../postgresql/provider.js'
import type { EngineProvider } from './engine-provider.js'

const PROVIDERS: Partial<Record<Engine, EngineProvider>> = {
  postgresql: postgresqlProvider,
  mysql: mysqlProvider,
  mongodb: mongodbProvider,
  kafka: kafkaProvider,
}

export function providerFor(engine: Engine): EngineProvider | undefined {
  return PROVIDERS[engine]
}

export function allProviders(): EngineProvider[] {
  return Object.values(PROVIDERS)
}
