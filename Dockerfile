# syntax=docker/dockerfile:1
# The dbaas-operator image: the Metacontroller hook server, and from the same
# image the backup runner (node dist/runner/main.js serve), the ops executor
# (node dist/runner/ops-executor.js), the WipeOut Job (node dist/runner/wipe.js)
# and the CLI.
# Build: docker build -t ghcr.io/dbaas-operator/dbaas-operator:0.1.0 .

# --- build: compile TypeScript to dist/ -------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and the compiled code only -----------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
# The runner's client tools: pg_dump/pg_restore of the newest PostgreSQL the
# catalog runs (pg_dump dumps servers up to its own version, so Debian's 15 is
# not enough; PGDG's repository, set up as postgresql.org documents, has
# every version and pg_wrapper picks the newest for remote servers),
# mariadb-dump/mysqldump and clients, zstd. The MongoDB Database Tools and
# mongosh are not in Debian: they come from MongoDB's release archives.
# CockroachDB needs no tool of its own: the runner dumps it with psql.
ARG POSTGRESQL_CLIENT_VERSION=18
ARG MONGODB_TOOLS_VERSION=100.13.0
ARG MONGOSH_VERSION=2.5.8
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRESQL_CLIENT_VERSION}" mariadb-client zstd \
 && curl -fsSL "https://fastdl.mongodb.org/tools/db/mongodb-database-tools-debian12-x86_64-${MONGODB_TOOLS_VERSION}.tgz" | tar -xz --strip-components=2 -C /usr/local/bin --wildcards '*/bin/*' \
 && curl -fsSL "https://downloads.mongodb.com/compass/mongosh-${MONGOSH_VERSION}-linux-x64.tgz" | tar -xz --strip-components=2 -C /usr/local/bin --wildcards '*/bin/mongosh' \
 && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The `node` user of the base image (uid 1000); numeric so that Kubernetes can
# verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
CMD ["node", "dist/hooks/server.js"]
