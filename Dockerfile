# One image for every service; the command picks which one runs.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps apps
COPY libs libs
COPY tools tools
COPY tsconfig.base.json ./
RUN npm ci --no-audit --no-fund && node tools/build.js && npm prune --omit=dev
ENV NODE_ENV=production
CMD ["node", "dist/apps/standalone/src/main.js"]
