#!/usr/bin/env bash
# Generates the static protobufjs code for the wire contract into proto/gen/ (git-ignored).
# Run by `npm run gen:proto` (also on postinstall and before build/test); never edit the output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="$here/../node_modules/.bin"
mkdir -p "$here/gen"
files=classroom/v1/envelope.proto  # imports every other file of the contract
(cd "$here" && "$bin/pbjs" -t static-module -w es6 --no-verify --no-convert --no-delimited --no-typeurl --no-service --force-number \
  -p "$here" -o "$here/gen/classroom.js" $files)
"$bin/pbts" -o "$here/gen/classroom.d.ts" "$here/gen/classroom.js"
# Server-only messages between nodes (node-to-node media pipes): their own root and file, so the
# browser's codec never carries them.
(cd "$here" && "$bin/pbjs" -t static-module -w es6 -r cluster --no-verify --no-convert --no-delimited --no-typeurl --no-service --force-number \
  -p "$here" -o "$here/gen/cluster.js" cluster/v1/pipe.proto cluster/v1/room.proto)
"$bin/pbts" -o "$here/gen/cluster.d.ts" "$here/gen/cluster.js"
# The browser's table-driven codec (proto/wire/tableCodec.ts) reads this table instead of the
# generated code above (issue 10: a smaller first download on weak links).
"$bin/tsx" "$here/wire/genTable.ts" "$here" classroom/v1/envelope.proto "$here/gen/classroomTable.js"
