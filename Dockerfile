# One image for every service: IAM_SERVICE (identity, policy, sts, audit;
# standalone when unset) picks the one a container runs. Node 24 (LTS).
ARG NODE_IMAGE=node:24-bookworm-slim

# Compiles apps/ and libs/ to dist/ (SWC), with every dependency.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY apps apps
COPY libs libs
COPY tools tools
RUN npm ci --no-audit --no-fund && node tools/build.js

# Production dependencies only: no compiler, test runner or type packages.
# The workspace links go: dist/ reaches the libraries by relative paths.
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps apps
COPY libs libs
RUN npm ci --omit=dev --no-audit --no-fund && rm -rf node_modules/@iam && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    IAM_DATA_DIR=/data
WORKDIR /app
COPY --from=dependencies /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY deploy/container deploy/container
# Standalone mode's data (distributed mode keeps nothing on disk).
RUN mkdir -p /data && chown 1000:1000 /data
VOLUME /data
# The image's `node` user, by number so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "deploy/container/healthcheck.js"]
CMD ["node", "deploy/container/start.js"]
