# Two images from one file:
#   docker build .                    -> runner   (the web app, Cloud Run service)
#   docker build --target migrator .  -> migrator (prisma migrate deploy, Cloud Run job)
# Stage order matters: `docker build` without --target builds the LAST stage,
# so runner stays at the bottom.

# Debian slim, not Alpine: the dev machines are glibc, and native packages
# traced into the standalone output (sharp's @img binaries) are glibc builds.
# Node 24 LTS, pinned by the digest of the tag's multi-arch index (amd64 and
# arm64), so every build of a commit starts from the same Node and Debian
# packages; the tag beside it is for reading. To refresh (a newer 24.x, or
# Debian security fixes), read the index digest of the new tag from
#   docker buildx imagetools inspect node:24.21.0-bookworm-slim
# (the "Digest:" line at the top) and change tag and digest together; keep
# package.json "engines" covering the new version.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

FROM ${NODE_IMAGE} AS base
WORKDIR /app
# The PRISMA_* paths stop the CLI from fetching Rust engines it never runs (the
# client is Rust-free, migrate uses the WebAssembly engine through the pg
# adapter); CHECKPOINT_DISABLE and the npm setting skip update checks.
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PRISMA_QUERY_ENGINE_LIBRARY=/bin/false \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false

# Full install (dev deps included): the build needs them and so does the
# migrator (tsx and the prisma CLI). --ignore-scripts because no install script
# is needed in an image: Prisma's fetch engines we never run, our postinstall
# (`prisma generate`) needs the schema and runs in the build stage instead, and
# the rest are version checks or local-development helpers.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The generated Prisma client is git-ignored, so it is generated here.
# public/ may be empty and then absent from a git checkout; runner copies it.
RUN npm run db:generate && mkdir -p public && npm run build

# What `npm run db:migrate` and `npm run jobs` read: the scripts (tsx) and their
# imports, the Prisma config, schema and migrations. Kept before runner.
# tests/deploy/dockerfile.test.ts fails if those imports outgrow this list.
FROM base AS migrator
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/db-migrate.ts scripts/jobs.ts ./scripts/
# The housekeeping jobs (`npm run jobs -- cleanup|billing-walk`) run from this
# image too: it has tsx, and these are the app's modules they import.
COPY lib ./lib
COPY --from=build /app/lib/db/generated ./lib/db/generated
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
# `npm run build` already copies static and public into the standalone folder;
# copying them here again keeps the image correct without relying on that.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
RUN mkdir -p .next/cache && chown node:node .next/cache
USER node
EXPOSE 8080
# No HEALTHCHECK: Cloud Run ignores it and probes /api/ready and /api/health
# itself (terraform/cloud-run.tf). Next's server handles SIGTERM as PID 1.
# The V8 flags are scripts/server-node-flags.ts (why, and the unit test keeping them equal).
CMD ["node", "--max-semi-space-size=32", "--heap-growing-percent=300", "--max-old-space-size=384", "server.js"]
