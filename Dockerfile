# syntax=docker/dockerfile:1
# batchguard: one image for both containers of the chart's pod (`batchguard serve`, `batchguard controller`).
#
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 holds the packed artefact and the
# production dependencies only, runs as a non-root user and has nothing to write outside /tmp.
# test/install/image.test.ts replays stage 2's COPY/RUN steps in a temp dir, so keep them plain
# commands relative to WORKDIR.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` devDependency would download a second Node; the image has one.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
RUN node node_modules/typescript/bin/tsc -p tsconfig.json \
 && mkdir -p /out \
 && npm pack --silent --pack-destination /out \
 && mv /out/batchguard-*.tgz /out/batchguard.tgz

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out/batchguard.tgz ./
COPY package-lock.json ./
RUN tar -xzf batchguard.tgz --strip-components=1 && rm batchguard.tgz
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
RUN npm prune --omit=dev --no-audit --no-fund && rm -f package-lock.json
# Numeric, so the kubelet can check runAsNonRoot; uid 1000 is the base image's `node` user.
USER 1000:1000
EXPOSE 8443
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
