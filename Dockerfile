# The Director worker: runs the compiled worker (dist/worker.js, built below from src/ by bin/build.js).
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them. sharp and Temporal's core bridge ship
# prebuilt binaries for linux-x64/arm64 glibc, so no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# What the worker reads at run time: sources (also hashed for the workflow bundle cache), the brand
# guides, and the CLI entry (`docker compose run --rm worker node bin/director.js --help`).
COPY tsconfig.json ./
COPY bin ./bin
COPY brands ./brands
COPY src ./src
# The compiled CLI (dist/), so `node bin/director.js` starts without compiling (the user below cannot write /app).
RUN node bin/build.js

# The data folder belongs to the unprivileged user, so a fresh named volume mounted here inherits it.
RUN mkdir -p /data/output /data/state && chown -R node:node /data
ENV DIRECTOR_DATA_DIR=/data \
    DIRECTOR_OUTPUT_DIR=/data/output \
    DIRECTOR_STATE_DIR=/data/state
VOLUME ["/data"]

# glibc malloc for a process that handles many large image buffers: two arenas, buffers of 128 KiB and
# more mapped alone and given back when freed, so RSS stays flat (src/worker-malloc.ts, BENCHMARKS.md).
ENV MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072

USER node

# Runs the worker until SIGTERM; Temporal's runtime then drains in-flight tasks before exiting. Compiled
# JavaScript, not tsx: ~45 MB less RSS and a faster start (BENCHMARKS.md).
CMD ["node", "dist/worker.js"]
