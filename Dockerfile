# syntax=docker/dockerfile:1
# The MegaAgent Pro image: one image for every role (start, api, bot, migrate), run by Node 24 directly
# from the TypeScript sources (type stripping, no build step). Checked offline by scripts/validate-deploy.ts.

# Same major version as the project's Node (package.json devDependency `node`, engines >=24).
# A release pipeline should pin the digest too (node:24-bookworm-slim@sha256:...).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only. The `node` devDependency (Node 24 for npm scripts on machines with an older
# Node) is left out: this image's own node is 24. No dependency needs an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
# Read by /version (api/routes/probes.ts); there is no .git in the image to ask instead.
ARG GIT_COMMIT=unknown
ARG BUILD_TIME=
LABEL org.opencontainers.image.title="megaagent-pro" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.created="${BUILD_TIME}"
ENV ENV=production \
    NODE_ENV=production \
    GIT_COMMIT=${GIT_COMMIT} \
    BUILD_TIME=${BUILD_TIME}
WORKDIR /app
# Everything is owned by root and only readable by the app user: the running process cannot change its code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
# core/ carries the SQL migrations (core/db/migrations) that `migrate` applies.
COPY core ./core
COPY bot ./bot
COPY api ./api
# `megaagent <command>` by name in the container (e.g. `docker compose exec api megaagent admin create ...`):
# the link runs bin/megaagent.js through its `#!/usr/bin/env node` line; node follows the link to the file.
RUN chmod 755 /app/bin/megaagent.js && ln -s /app/bin/megaagent.js /usr/local/bin/megaagent
# The base image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8000
# No curl in the slim image: node's own fetch asks the liveness probe (PORT may be overridden at run time).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8000}/liveness`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The CLI stops gracefully on SIGTERM within SHUTDOWN_TIMEOUT_MS (default 25 s).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/megaagent.js"]
CMD ["start"]
