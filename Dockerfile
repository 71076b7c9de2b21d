# The Director worker: runs src/worker.ts through tsx (a runtime dependency), so no build step is needed.
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

USER node

# Runs the worker until SIGTERM; Temporal's runtime then drains in-flight tasks before exiting.
CMD ["node", "--import", "tsx", "src/worker.ts"]
