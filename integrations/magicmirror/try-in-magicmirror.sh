#!/usr/bin/env bash
# Runs MMM-Miroir inside a real MagicMirror² (server-only mode) against a running Miroir, opens
# MagicMirror's page in Chromium and saves a screenshot. By hand, not in CI: it needs a
# MagicMirror checkout with its dependencies installed, on Node 22 (2.36's minimum).
#
#   try-in-magicmirror.sh MAGICMIRROR_DIR MIROIR_URL DISPLAY_TOKEN [LANGUAGE] [OUT.png]
#
# e.g. with a MagicMirror checkout in /tmp/mm (`npm install --omit=dev --ignore-scripts` done with
# Node 22, ELECTRON_SKIP_BINARY_DOWNLOAD=1) and Miroir started by `PORT=3917 npm start`:
#   PATH=/tmp/node22/node_modules/.bin:$PATH \
#     integrations/magicmirror/try-in-magicmirror.sh /tmp/mm http://127.0.0.1:3917 mm_… fr
#
# The module is copied (not linked) into MAGICMIRROR_DIR/modules/MMM-Miroir, as a user's
# `git clone` would put it, so the token file it writes there never lands in this repository.
# MAGICMIRROR_DIR/config/config.js is overwritten (the previous one is kept as config.js.before-miroir).
# Environment: MM_PORT (8080), CHROMIUM (/usr/bin/chromium), MM_WAIT_SECONDS (20), and
# MIROIR_OWNER_TOKEN: when set, a supply is then emptied in Miroir and the module must show it live.
set -euo pipefail

if [ $# -lt 3 ]; then
	sed -n '5,6p' "$0" >&2
	exit 2
fi
MM_DIR=$(cd "$1" && pwd)
MIROIR_URL=$2
TOKEN=$3
LANGUAGE=${4:-en}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=${5:-$REPO/test/artifacts/screenshots/magicmirror-$LANGUAGE.png}
MM_PORT=${MM_PORT:-8080}
WAIT=${MM_WAIT_SECONDS:-20}

[ -f "$MM_DIR/serveronly/index.js" ] || { echo "not a MagicMirror checkout: $MM_DIR" >&2; exit 2; }
[ -d "$MM_DIR/node_modules" ] || { echo "install MagicMirror's dependencies first (npm install --omit=dev in $MM_DIR)" >&2; exit 2; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 22 ] || { echo "MagicMirror 2.36 needs Node 22; this node is $(node --version)" >&2; exit 2; }
curl -fsS "$MIROIR_URL/health" > /dev/null || { echo "no Miroir answering at $MIROIR_URL" >&2; exit 2; }

echo "MagicMirror $(node -p "require('$MM_DIR/package.json').version") on node $(node --version)"
rm -rf "$MM_DIR/modules/MMM-Miroir"
mkdir -p "$MM_DIR/modules" "$(dirname "$OUT")"
cp -R "$HERE/MMM-Miroir" "$MM_DIR/modules/MMM-Miroir"
umask 077
printf '%s\n' "$TOKEN" > "$MM_DIR/modules/MMM-Miroir/token"
umask 022

# MagicMirror always asks for config/custom.css; the sample is what a fresh install copies.
[ -f "$MM_DIR/config/custom.css" ] || cp "$MM_DIR/config/custom.css.sample" "$MM_DIR/config/custom.css" 2>/dev/null || : > "$MM_DIR/config/custom.css"
if [ -f "$MM_DIR/config/config.js" ] && [ ! -f "$MM_DIR/config/config.js.before-miroir" ]; then
	cp "$MM_DIR/config/config.js" "$MM_DIR/config/config.js.before-miroir"
fi
LOCALE=$([ "$LANGUAGE" = fr ] && echo fr-FR || echo en-US)
cat > "$MM_DIR/config/config.js" <<EOF
let config = {
	address: "127.0.0.1",
	port: $MM_PORT,
	basePath: "/",
	ipWhitelist: ["127.0.0.1", "::ffff:127.0.0.1", "::1"],
	language: "$LANGUAGE",
	locale: "$LOCALE",
	logLevel: ["INFO", "LOG", "WARN", "ERROR"],
	timeFormat: 24,
	units: "metric",
	modules: [
		{ module: "clock", position: "top_left" },
		{
			module: "MMM-Miroir",
			position: "top_right",
			config: { url: "$MIROIR_URL", maxItems: 4 }
		}
	]
};
if (typeof module !== "undefined") { module.exports = config; }
EOF

LOG=$(mktemp)
(cd "$MM_DIR" && exec node serveronly) > "$LOG" 2>&1 &
MM_PID=$!
trap 'kill "$MM_PID" 2>/dev/null || true; wait "$MM_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 "$WAIT"); do
	curl -fsS "http://127.0.0.1:$MM_PORT/" > /dev/null 2>&1 && break
	sleep 1
done

# Chromium through the repository's playwright-core; the page's console is printed so a module
# error shows up here and not only in a browser no one looks at.
MM_URL="http://127.0.0.1:$MM_PORT/" MIROIR_URL="$MIROIR_URL" OUT="$OUT" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" NODE_PATH="$REPO/node_modules" node - <<'EOF'
const { chromium } = require("playwright-core");
(async () => {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	page.on("console", (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
	page.on("pageerror", (e) => console.log(`[browser pageerror] ${e.message}`));
	await page.goto(process.env.MM_URL, { waitUntil: "load" });
	// The module shows Miroir's data once its node_helper has fetched it over the socket.
	await page.waitForSelector(".MMM-Miroir .miroir-part", { timeout: 20000 }).catch(() => console.log("no Miroir part appeared within 20 s"));
	await page.waitForTimeout(1500);
	const text = await page.locator(".MMM-Miroir").innerText().catch(() => "(no .MMM-Miroir on the page)");
	console.log("--- MMM-Miroir shows ---\n" + text);
	await page.screenshot({ path: process.env.OUT });
	console.log("screenshot: " + process.env.OUT);
	// With an owner token, one change at home: the first supply that is not running low is set to
	// empty, and the module must show it through the stream, with no reload.
	const owner = process.env.MIROIR_OWNER_TOKEN;
	if (owner) {
		const headers = { authorization: `Bearer ${owner}`, "content-type": "application/json" };
		const { supplies } = await (await fetch(`${process.env.MIROIR_URL}/api/v1/supplies`, { headers })).json();
		const full = supplies.find((s) => !s.reorderDue);
		if (!full) throw new Error("no supply to change");
		const started = Date.now();
		await fetch(`${process.env.MIROIR_URL}/api/v1/supplies/${full.id}`, { method: "PATCH", headers, body: JSON.stringify({ level: 0 }) });
		await page.waitForFunction((name) => [...document.querySelectorAll(".MMM-Miroir .miroir-supplies .miroir-row")].some((r) => r.textContent.includes(name)), full.name, { timeout: 15000 });
		console.log(`live: "${full.name}" set to 0 in Miroir appeared in the module after ${Date.now() - started} ms`);
	}
	await browser.close();
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
EOF
echo "--- MagicMirror log ---"
cat "$LOG"
rm -f "$LOG"
