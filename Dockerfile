# Two images from one file:
#   docker build .                    -> runner   (the web app, Cloud Run service)
#   docker build --target migrator .  -> migrator (prisma migrate deploy, Cloud Run job)
# Stage order matters: `docker build` without --target builds the LAST stage,
# so runner stays at the bottom.

# Debian slim, not Alpine: the dev machines are glibc, and native packages
# traced into the standalone output (sharp's @img binaries) are glibc builds.
ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_QUERY_ENGINE_LIBRARY=/bin/false \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false
# The PRISMA_* paths stop the CLI from fetching Rust engines it never runs: the
# client is Rust-free and migrate uses the WebAssembly engine via the pg adapter.

# Full install (dev deps included): the build needs them and so does the
# migrator (the prisma CLI is a dev dependency).
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# public/ may be empty and then absent from a git checkout; runner copies it.
RUN mkdir -p public && npm run build

# Only what `npm run db:migrate` reads. Kept before runner (see top).
FROM base AS migrator
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
USER node
CMD ["npm", "run", "db:migrate"]

# A fresh base image: no npm cache, no dev dependencies, no source. The
# standalone output carries only the production modules Next traced.
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=8080 \
    HOSTNAME=0.0.0.0
# Code stays root-owned (read-only to the app); only Next's cache is writable.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 8080
# No HEALTHCHECK: Cloud Run ignores it and probes /api/ready and /api/health
# itself (terraform/cloud-run.tf). Next's server handles SIGTERM as PID 1.
CMD ["node", "server.js"]
