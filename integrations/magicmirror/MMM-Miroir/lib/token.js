/* The display token, read on the MagicMirror server only: MagicMirror serves config.js to every
 * browser that opens the mirror, so the token is never written there. */
const fs = require("node:fs");
const path = require("node:path");

const MODULE_DIR = path.resolve(__dirname, "..");

/** A file name in this module's folder, nothing else: the name comes over MagicMirror's socket. */
function isPlainName(name) {
	return typeof name === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(name) && !name.startsWith(".");
}

/**
 * The token from `MIROIR_TOKEN`, else from `tokenFile` (a file name in this module's folder;
 * default `token`). Returns null when neither holds one, or when the name is not a plain file name.
 */
function readToken(tokenFile, env = process.env) {
	if (env.MIROIR_TOKEN && env.MIROIR_TOKEN.trim()) return env.MIROIR_TOKEN.trim();
	const name = tokenFile === undefined || tokenFile === null ? "token" : tokenFile;
	if (!isPlainName(name)) return null;
	const file = path.join(MODULE_DIR, name);
	try {
		const token = fs.readFileSync(file, "utf8").trim();
		return token || null;
	} catch {
		return null;
	}
}

module.exports = { readToken, isPlainName };
