/* Talks to a Miroir server from the MagicMirror server: GET requests and the event stream, with the
 * token in the Authorization header. What it hands on (`onData`) is display data only, never the token.
 * Needs only what Node has built in (fetch, streams), so the module needs no `npm install`. */

/** Which parts a stream event makes stale. */
const STALE_BY_EVENT = {
	"outfit.ready": ["outfits"],
	"wardrobe.updated": ["outfits"],
	"weather.updated": ["outfits"],
	"agenda.updated": ["outfits"],
	"stock.updated": ["supplies"],
	"stock.low": ["supplies"],
	"supply.changed": ["supplies", "proposals", "deliveries"],
	"proposal.created": ["supplies", "proposals", "deliveries"],
	"order.updated": ["supplies", "proposals", "deliveries"]
};
const ALL_PARTS = ["outfits", "supplies", "proposals", "deliveries"];
/** Order states between a person's yes and the doorstep (as the Miroir mirror shows them). */
const ON_THE_WAY = ["approved", "scheduled", "placed", "confirmed", "shipped", "out_for_delivery"];

class HttpError extends Error {
	constructor(status) {
		super(`HTTP ${status}`);
		this.status = status;
	}
}

class MiroirClient {
	/**
	 * @param {object} options
	 * @param {string} options.url Miroir's base URL
	 * @param {string} options.token a display token (read-only use: GET routes and the stream)
	 * @param {string[]} [options.parts] which parts to fetch
	 * @param {string[]} [options.profiles] people to show, by name or id (empty: everyone)
	 * @param {number} [options.refreshMinutes] a full refetch every so often, besides the stream
	 * @param {(data: object) => void} options.onData
	 * @param {(code: string) => void} [options.onError]
	 * @param {number} [options.debounceMs]
	 * @param {number} [options.maxRetryMs]
	 * @param {number} [options.idleTimeoutMs] a stream silent this long is reconnected
	 */
	constructor(options) {
		this.url = String(options.url).replace(/\/+$/, "");
		this.token = options.token;
		this.parts = (options.parts && options.parts.length ? options.parts : ALL_PARTS).filter((p) => ALL_PARTS.includes(p));
		this.profiles = options.profiles || [];
		this.refreshMs = Math.max(1, options.refreshMinutes || 15) * 60_000;
		this.onData = options.onData;
		this.onError = options.onError || (() => {});
		this.debounceMs = options.debounceMs === undefined ? 300 : options.debounceMs;
		this.maxRetryMs = options.maxRetryMs || 60_000;
		// Miroir sends a heartbeat every 15 s: this long without a byte is a dead connection (Wi-Fi gone without a FIN).
		this.idleTimeoutMs = options.idleTimeoutMs || 45_000;
		this.data = null;
		this.stale = new Set();
		this.lastEventId = null;
		this.retryMs = 3000;
		this.failures = 0;
		this.stopped = false;
		this.abort = null;
		this.timers = new Set();
		this.connected = false;
	}

	start() {
		this.refresh(ALL_PARTS);
		this.connect();
		this.every = setInterval(() => this.refresh(ALL_PARTS), this.refreshMs);
		if (this.every.unref) this.every.unref();
	}

	stop() {
		this.stopped = true;
		if (this.abort) this.abort.abort();
		clearInterval(this.every);
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	later(fn, ms) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		if (timer.unref) timer.unref();
		this.timers.add(timer);
	}

	async get(path) {
		const res = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${this.token}`, accept: "application/json" } });
		if (!res.ok) throw new HttpError(res.status);
		return res.json();
	}

	/** Marks parts stale and refetches them together a moment later (an order change raises several events). */
	refresh(parts) {
		for (const p of parts) if (this.parts.includes(p)) this.stale.add(p);
		if (this.pending || this.stale.size === 0) return;
		this.pending = true;
		this.later(() => {
			this.pending = false;
			const wanted = [...this.stale];
			this.stale.clear();
			// One load at a time, in order: an older answer never lands after a newer one.
			this.loading = (this.loading || Promise.resolve()).then(() => this.load(wanted)).catch((err) => this.fail(err));
		}, this.debounceMs);
	}

	fail(err) {
		const code = err instanceof HttpError ? (err.status === 401 || err.status === 403 ? "UNAUTHORIZED" : "SERVER_ERROR") : "UNREACHABLE";
		this.onError(code);
	}

	async load(parts) {
		const household = await this.get("/api/v1/household");
		const next = { ...(this.data || {}), household: { name: household.name, locale: household.locale } };
		const jobs = [];
		if (parts.includes("outfits")) jobs.push(this.loadOutfits(household).then((v) => (next.outfits = v)));
		if (parts.includes("supplies") || parts.includes("proposals") || parts.includes("deliveries")) {
			jobs.push(
				this.get("/api/v1/supplies").then(({ supplies }) => {
					next.supplies = supplies
						.filter((s) => s.reorderDue)
						.map((s) => ({ id: s.id, name: s.name, level: s.level, unit: s.unit, daysLeft: s.daysLeft }));
					this.supplyNames = new Map(supplies.map((s) => [s.id, s.name]));
				})
			);
		}
		if (parts.includes("proposals") || parts.includes("deliveries")) {
			jobs.push(this.get("/api/v1/orders").then(({ orders }) => (this.orders = orders)));
		}
		await Promise.all(jobs);
		if (this.orders) {
			const nameOf = (o) => o.supplyName || (this.supplyNames && this.supplyNames.get(o.supplyId)) || o.sku;
			next.proposals = this.orders.filter((o) => o.status === "proposed").map((o) => ({ id: o.id, name: nameOf(o), quantity: o.quantity, total: o.total, currency: o.currency }));
			next.deliveries = this.orders
				.filter((o) => ON_THE_WAY.includes(o.status))
				.map((o) => ({ id: o.id, name: nameOf(o), status: o.status, step: ON_THE_WAY.indexOf(o.status), steps: ON_THE_WAY.length }));
		}
		next.updatedAt = new Date(Date.now()).toISOString();
		this.data = next;
		this.onData(next);
	}

	async loadOutfits(household) {
		const wanted = this.profiles.map((p) => String(p).toLowerCase());
		const people = household.profiles.filter((p) => wanted.length === 0 || wanted.includes(p.id.toLowerCase()) || wanted.includes(p.name.toLowerCase()));
		const { items } = await this.get("/api/v1/wardrobe/items").catch(() => ({ items: [] }));
		const names = new Map(items.map((g) => [g.id, g.name]));
		return Promise.all(
			people.map(async (p) => {
				try {
					const suggestion = await this.get(`/api/v1/outfits/today?profile=${encodeURIComponent(p.id)}`);
					const best = suggestion.outfits[0];
					return {
						profileId: p.id,
						name: p.name,
						garments: best ? best.garmentIds.map((id) => names.get(id)).filter(Boolean) : [],
						explanation: best ? best.explanation : null,
						bring: suggestion.bring || []
					};
				} catch {
					return { profileId: p.id, name: p.name, unavailable: true };
				}
			})
		);
	}

	/** The event stream, read with fetch; reconnects with Last-Event-ID, backing off while the server is away. */
	async connect() {
		if (this.stopped) return;
		this.abort = new AbortController();
		const headers = { authorization: `Bearer ${this.token}`, accept: "text/event-stream" };
		if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
		const abort = this.abort;
		let lastByte = Date.now();
		const watchdog = setInterval(() => {
			if (Date.now() - lastByte > this.idleTimeoutMs) abort.abort();
		}, Math.max(50, Math.min(15_000, this.idleTimeoutMs / 3)));
		if (watchdog.unref) watchdog.unref();
		try {
			const res = await fetch(`${this.url}/api/v1/events`, { headers, signal: abort.signal });
			if (!res.ok) throw new HttpError(res.status);
			this.connected = true;
			this.failures = 0;
			const reader = res.body.getReader();
			const decoder = new TextDecoder();
			let buffer = "";
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				lastByte = Date.now();
				buffer += decoder.decode(value, { stream: true });
				let end;
				while ((end = buffer.indexOf("\n\n")) >= 0) {
					this.frame(buffer.slice(0, end));
					buffer = buffer.slice(end + 2);
				}
			}
		} catch (err) {
			if (this.stopped) return;
			this.fail(err);
			this.failures += 1;
		} finally {
			clearInterval(watchdog);
			this.connected = false;
		}
		if (this.stopped) return;
		// The server's retry first, then doubling while it stays away.
		const wait = Math.min(this.maxRetryMs, this.retryMs * 2 ** Math.max(0, this.failures - 1));
		this.later(() => this.connect(), wait);
	}

	frame(block) {
		let data = "";
		for (const line of block.split("\n")) {
			if (line.startsWith("id: ")) this.lastEventId = line.slice(4);
			else if (line.startsWith("retry: ")) this.retryMs = Number(line.slice(7)) || this.retryMs;
			else if (line.startsWith("data: ")) data += line.slice(6);
		}
		if (!data) return;
		let message;
		try {
			message = JSON.parse(data);
		} catch {
			return;
		}
		if (message.type === "stream.resync" || message.type === "household.updated") this.refresh(ALL_PARTS);
		else if (STALE_BY_EVENT[message.type]) this.refresh(STALE_BY_EVENT[message.type]);
	}
}

module.exports = { MiroirClient, ALL_PARTS, ON_THE_WAY };
