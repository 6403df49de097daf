# syntax=docker/dockerfile:1

# Build: compile TypeScript with the dev dependencies, and prepare the embedded database's migrated data
# directory (dist/embedded-seed.tar.gz), so a first start on an empty /data loads it instead of running
# initdb, which alone peaks at about 840 MB.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# The seed is migrated at build time, so the build reads the migrations too.
COPY migrations ./migrations
RUN npm run build

# Runtime: production dependencies, the compiled bot and the migrations it applies at start.
FROM node:24-slim AS runtime
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Only used by the embedded database; production sets DATABASE_URL.
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM reaches the bot and it shuts down cleanly. The heap cap is
# npm start's (test/bench/runtime-flags.test.ts keeps them equal): V8 otherwise sizes the heap from the
# host's memory and lets garbage pile up to hundreds of MB; the bot's live data stays far below 128 MB,
# even in the Monday tick of 20,000 teams, which works in slices (npm run bench:large-tick). One V8 background
# thread, not four: each thread that compiles PGlite's WASM keeps a malloc arena of its own, 10-30 MB of freed
# memory glibc does not give back, which took the embedded bot to 237-273 MB under npm run bench:webhooks
# (one thread: 216-225 MB; its CPU a delivery the same within the noise of a shared 2-core machine). A young
# generation of at least 8 MB a semi-space: V8 otherwise keeps it small under a steady stream of requests, so
# objects of requests still in flight outlive two scavenges and are promoted, and the old space fills and is
# marked several times a second (docs/operations.md: about 15 % of a /mlops status's CPU; 3-5 MB of RSS).
CMD ["node", "--max-old-space-size=128", "--v8-pool-size=1", "--min-semi-space-size=8", "dist/main.js"]
