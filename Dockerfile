# syntax=docker/dockerfile:1
# The dbaas-operator image: the Metacontroller hook server (and, from the same
# image, the CLI). Build: docker build -t ghcr.io/dbaas-operator/dbaas-operator:0.1.0 .

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
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The `node` user of the base image (uid 1000); numeric so that Kubernetes can
# verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
CMD ["node", "dist/hooks/server.js"]
