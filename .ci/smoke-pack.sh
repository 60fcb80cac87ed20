#!/usr/bin/env bash
# Packs the library as npm would publish it, installs the tarball with its peers into a fresh
# project, and loads it from ESM and from CJS, compiles a strict TypeScript consumer against it, runs
# the examples against it as a user would, runs a browser bundle of it in headless Chromium, runs it
# under Bun and Deno; then lints the package (publint --strict, arethetypeswrong) and checks that
# `npm publish --dry-run` has nothing to warn about.
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
npm pkg set type=module # a user's ES-module project: the examples are ES modules
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
# the examples, as a user of the package runs them: each file copied as it is into the project, where
# its `from "nextbest"` is the installed tarball, and run with tsx; it must print what it prints from
# the clone, where "nextbest" is src/ (tsconfig paths), but for its timings. Not examples/simulation.ts
# (minutes); learners-bank.ts only where ../shared/data is (it trains on the UCI bank data).
data="$root/../shared/data"
export NEXTBEST_DATA="$work/no-data" # examples/evaluation.ts: its synthetic log, in both places
untimed() { sed -E 's/[0-9][0-9.,]* s\b( \([0-9,]+ subjects\/s\))?/<time>/g'; }
examples="inbound feedback-loop outbound-batch evaluation recommend journey"
mkdir -p journey && cp "$root"/examples/journey/*.ts journey/ # examples/journey.ts imports ./journey/leasing.js
[ -f "$data/bank/bank-full.csv" ] && examples="$examples learners-bank" || echo "example skipped: learners-bank ($data/bank/bank-full.csv absent)"
for example in $examples; do
  cp "$root/examples/$example.ts" .
  args=$([ "$example" = learners-bank ] && echo "--data $data" || true)
  # the two runs side by side (two cores: the examples are the slowest part of this script)
  (cd "$root" && node_modules/.bin/tsx "examples/$example.ts" $args) > "$example.clone.raw" &
  clone=$!
  "$root/node_modules/.bin/tsx" "$example.ts" $args | untimed > "$example.installed.txt"
  wait "$clone"
  untimed < "$example.clone.raw" > "$example.clone.txt"
  if ! cmp -s "$example.installed.txt" "$example.clone.txt"; then
    diff "$example.clone.txt" "$example.installed.txt" | head -20
    echo "examples/$example.ts prints otherwise against the installed package than from the clone"
    exit 1
  fi
  echo "example ok: $example.ts against the installed package, $(wc -l < "$example.installed.txt") lines as from the clone"
done
# the outbound command-line tool (examples/outbound-cli, a workspace with its own dependency), as a
# user runs it: its files copied into the project, its csv-parse installed at the pinned version, run
# with tsx on 3,000 generated customers; its assignments and sent events must be byte for byte those
# of the clone's run
csvparse=$(node -p 'require(process.argv[1]).dependencies["csv-parse"]' "$root/examples/outbound-cli/package.json")
npm install --no-audit --no-fund --silent "csv-parse@$csvparse"
mkdir -p outbound-cli
cp "$root"/examples/outbound-cli/*.ts "$root"/examples/outbound-cli/*.json outbound-cli/
rm outbound-cli/package.json
cli() { # $1: the folder of the tool; $2: the output folder
  "$root/node_modules/.bin/tsx" "$1/generate.ts" --rows 3000 --out "$2/customers.csv" > /dev/null
  "$root/node_modules/.bin/tsx" "$1/main.ts" --customers "$2/customers.csv" --catalog "$1/catalog.json" \
    --settings "$1/settings.json" --models "$1/models.json" --out "$2" --quiet
}
(cd "$root" && cli examples/outbound-cli "$work/cli-clone") &
clone=$!
cli outbound-cli "$work/cli-installed"
wait "$clone"
for f in assignments.csv sent-events.jsonl; do
  cmp "$work/cli-clone/$f" "$work/cli-installed/$f" || { echo "outbound-cli: $f differs against the installed package"; exit 1; }
done
echo "example ok: outbound-cli against the installed package, $(($(wc -l < "$work/cli-installed/assignments.csv") - 1)) assignments as from the clone"
# a browser bundle of the tarball (esbuild, platform browser: a Node built-in fails the build) makes
# one decision in headless Chromium, the same as in Node
node "$root/.ci/browser-smoke.mjs" "$work"
# the same under Bun and Deno, installed from the npm registry into a directory of their own
node "$root/.ci/runtime-smoke.mjs" "$work"
# the tarball holds dist and the package metadata only
tar -tzf "$tarball" | grep -vE '^package/(dist/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)' && { echo "unexpected files in the tarball"; exit 1; } || true
cd "$root"
npx --no-install publint --strict
npx --no-install attw --pack . --format table-flipped
# `npm publish --dry-run` packs and checks the manifest as a real publish does; any warning but the
# one about not being logged in (a dry run needs no login) fails (a field npm would auto-correct,
# a bin or files entry it drops, …)
npm publish --dry-run 2> "$work/publish.txt" >/dev/null
if grep -i "warn" "$work/publish.txt" | grep -v "requires you to be logged in"; then
  echo "npm publish --dry-run warns"
  exit 1
fi
echo "npm publish --dry-run: $(grep -E "total files|package size" "$work/publish.txt" | sed 's/npm notice //' | tr -s ' ' | paste -sd ';' -)"
