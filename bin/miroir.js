#!/usr/bin/env node
// The admin CLI. Builds the bundle first when the sources are newer (a fresh clone), then runs it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-needed'], { stdio: ['ignore', 'ignore', 'inherit'] });
require(path.join(root, 'dist/bin/cli.js'));
