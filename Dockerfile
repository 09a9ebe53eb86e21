# syntax=docker/dockerfile:1
# The dbaas-operator image: the Metacontroller hook server, and from the same
# image the backup runner (node dist/runner/main.js serve), the ops executor
# (node dist/runner/ops-executor.js) and the CLI.
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
# The runner's client tools: pg_dump/pg_restore (PostgreSQL 15 client from
# Debian; dumps servers up to 15 — for newer servers add the PGDG repository),
# mariadb-dump/mysqldump and clients, zstd. The MongoDB Database Tools and
# mongosh are not in Debian: they come from MongoDB's release archives.
# CockroachDB needs no tool of its own: the runner dumps it with psql.
ARG MONGODB_TOOLS_VERSION=100.13.0
ARG MONGOSH_VERSION=2.5.8
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client mariadb-client zstd ca-certificates curl \
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
