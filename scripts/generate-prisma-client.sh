#!/usr/bin/env sh
# `prisma generate` needs no schema engine, but the CLI tries to download one unless told
# where it is; any path will do (shared/STACK.md). Offline machines and CI depend on this.
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}"
exec prisma generate
