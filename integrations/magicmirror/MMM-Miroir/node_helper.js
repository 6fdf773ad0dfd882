/* MMM-Miroir's server side: holds the display token and Miroir's event stream, and sends the
 * browser side display data only. */
const NodeHelper = require("node_helper");
const { MiroirClient } = require("./lib/miroir-client");
const { readToken } = require("./lib/token");

module.exports = NodeHelper.create({
	start() {
		this.clients = new Map();
		/** Token → the Miroir URL it was first used with: a token is never sent anywhere else. */
		this.origins = new Map();
	},

	stop() {
		for (const { client } of this.clients.values()) client.stop();
		this.clients.clear();
	},

	socketNotificationReceived(notification, payload) {
		if (notification !== "MIROIR_CONFIG" || !payload || typeof payload.identifier !== "string") return;
		const { identifier } = payload;
		const existing = this.clients.get(identifier);
		if (existing) {
			// A browser reloaded the mirror: it gets what is known at once; the stream is already open.
			if (existing.client.data) this.sendSocketNotification("MIROIR_DATA", { identifier, data: existing.client.data });
			return;
		}
		const token = readToken(payload.tokenFile);
		if (!token) {
			this.sendSocketNotification("MIROIR_ERROR", { identifier, code: "NO_TOKEN" });
			return;
		}
		// MIROIR_CONFIG comes over MagicMirror's socket, which any page that reaches the mirror can
		// talk to: the first URL a token was used with (the mirror's own config, at start) sticks.
		const origin = String(payload.url);
		if (this.origins.has(token) && this.origins.get(token) !== origin) {
			this.sendSocketNotification("MIROIR_ERROR", { identifier, code: "URL_MISMATCH" });
			return;
		}
		this.origins.set(token, origin);
		const client = new MiroirClient({
			url: payload.url,
			token,
			parts: payload.parts,
			profiles: payload.profiles,
			refreshMinutes: payload.refreshMinutes,
			onData: (data) => this.sendSocketNotification("MIROIR_DATA", { identifier, data }),
			onError: (code) => this.sendSocketNotification("MIROIR_ERROR", { identifier, code })
		});
		this.clients.set(identifier, { client });
		client.start();
	}
});
