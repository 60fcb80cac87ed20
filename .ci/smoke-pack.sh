#!/usr/bin/env bash
# Packs the library as npm would publish it, installs the tarball with its peers into a fresh
# project, and loads it from ESM and from CJS, compiles a strict TypeScript consumer against it, runs a
# browser bundle of it in headless Chromium; then lints the package (publint, arethetypeswrong).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
fp=$(node -p 'require("./node_modules/fp-ts/package.json").version')
iots=$(node -p 'require("./node_modules/io-ts/package.json").version')
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "./$tarball" "fp-ts@$fp" "io-ts@$iots"
node --input-type=module -e '
  const m = await import("nextbest");
  const [x] = m.Random.nextDouble(m.Random.fromSeed(1));
  if (!(x >= 0 && x < 1)) throw new Error("ESM import of the packed tarball is broken");
  console.log("ESM ok:", Object.keys(m).length, "exports");
'
node -e '
  const m = require("nextbest");
  const [x] = m.Random.nextDouble(m.Random.fromSeed(1));
  if (!(x >= 0 && x < 1)) throw new Error("CJS require of the packed tarball is broken");
  console.log("CJS ok:", Object.keys(m).length, "exports");
'
# a TypeScript consumer, strict, under node16 resolution from ESM and from CJS and under bundler
# resolution: the namespace-and-main-type names resolve from the published declarations
cat > esm.mts <<'TS'
import { Catalog, catalog, type Decision, Models, nextBestAction, Request, thompsonSampling } from "nextbest"
const compiled = catalog({ issues: [{ name: "S", groups: [{ name: "G" }] }], actions: [] })
export const decide = (c: Catalog, r: Request): Decision => nextBestAction(c, Models.empty(thompsonSampling()), r)
export const spec: Catalog.Spec | undefined = undefined
export const ok: boolean = compiled._tag === "Right"
TS
sed 's/^export const ok.*$/export const ok2 = 1/' esm.mts > cjs.cts
for resolution in node16 bundler; do
  module=$([ "$resolution" = node16 ] && echo node16 || echo esnext)
  files=$([ "$resolution" = node16 ] && echo "esm.mts cjs.cts" || echo "esm.mts")
  "$root/node_modules/.bin/tsc" --noEmit --strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess \
    --module "$module" --moduleResolution "$resolution" --target es2022 --skipLibCheck false $files
  echo "TypeScript consumer ok: $resolution ($files)"
done
# a browser bundle of the tarball (esbuild, platform browser: a Node built-in fails the build) makes
# one decision in headless Chromium, the same as in Node
node "$root/.ci/browser-smoke.mjs" "$work"
# the tarball holds dist and the package metadata only
tar -tzf "$tarball" | grep -vE '^package/(dist/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)' && { echo "unexpected files in the tarball"; exit 1; } || true
cd "$root"
npx --no-install publint
npx --no-install attw --pack . --format table-flipped
