# saisoku on a server: one image, two roles (`--role api`, `--role worker`), see compose.yaml and
# docs/operations.md. These steps were run by hand on a machine without a Docker engine (same
# commands, same order): docs/operations.md "How this image was checked".
FROM node:22-bookworm-slim AS deps
WORKDIR /app
# npm-stubs/ holds the msgpackr-extract stub the lockfile points at (no native build in the image).
COPY package.json package-lock.json .npmrc ./
COPY npm-stubs ./npm-stubs
COPY scripts/patch-deps.mjs ./scripts/patch-deps.mjs
# Runtime dependencies only: tsx runs the TypeScript; node@22, wrangler, vitest are dev tools.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY db ./db
COPY flows ./flows
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# The api role answers /healthz (Postgres and Redis through the app); compose overrides it for the worker.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs", "api"]
# node itself is PID 1's child-free process: SIGTERM reaches main.ts, which drains and exits.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["--role", "api"]
