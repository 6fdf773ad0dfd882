/* The display token, read on the MagicMirror server only: MagicMirror serves config.js to every
 * browser that opens the mirror, so the token is never written there. */
const fs = require("node:fs");
const path = require("node:path");

const MODULE_DIR = path.resolve(__dirname, "..");

/**
 * The token from `MIROIR_TOKEN`, else from `tokenFile` (relative to this module's folder; default
 * `token`). Returns null when neither holds one.
 */
function readToken(tokenFile, env = process.env) {
	if (env.MIROIR_TOKEN && env.MIROIR_TOKEN.trim()) return env.MIROIR_TOKEN.trim();
	const file = path.resolve(MODULE_DIR, tokenFile || "token");
	try {
		const token = fs.readFileSync(file, "utf8").trim();
		return token || null;
	} catch {
		return null;
	}
}

module.exports = { readToken };
