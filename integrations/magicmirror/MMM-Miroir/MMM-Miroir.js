/* MMM-Miroir: each person's outfit with its explanation and bring list, the supplies running low,
 * the reorders waiting for a yes, and the deliveries on their way, live from a Miroir server.
 * This is the browser side: it never sees the token (node_helper.js holds it). */
Module.register("MMM-Miroir", {
	defaults: {
		url: "http://127.0.0.1:3000",
		tokenFile: "token",
		parts: ["outfits", "supplies", "proposals", "deliveries"],
		profiles: [],
		maxItems: 5,
		showExplanation: true,
		showBring: true,
		refreshMinutes: 15,
		animationSpeed: 1000
	},

	getStyles() {
		return ["MMM-Miroir.css"];
	},

	getTranslations() {
		return { en: "translations/en.json", fr: "translations/fr.json" };
	},

	start() {
		this.miroir = null;
		this.errorCode = null;
		if (this.config.token) {
			// MagicMirror serves config.js to every browser: a token there is a token handed out.
			this.errorCode = "TOKEN_IN_CONFIG";
			Log.error("MMM-Miroir: remove `token` from config.js and put it in the module's token file or MIROIR_TOKEN");
			return;
		}
		this.sendSocketNotification("MIROIR_CONFIG", {
			identifier: this.identifier,
			url: this.config.url,
			tokenFile: this.config.tokenFile,
			parts: this.config.parts,
			profiles: this.config.profiles,
			refreshMinutes: this.config.refreshMinutes
		});
	},

	socketNotificationReceived(notification, payload) {
		if (!payload || payload.identifier !== this.identifier) return;
		if (notification === "MIROIR_DATA") {
			this.miroir = payload.data;
			this.errorCode = null;
		} else if (notification === "MIROIR_ERROR") {
			this.errorCode = payload.code;
		} else {
			return;
		}
		this.updateDom(this.config.animationSpeed);
	},

	el(tag, className, text) {
		const node = document.createElement(tag);
		if (className) node.className = className;
		// Text only, never HTML: names and explanations come from the household's own data.
		if (text !== undefined && text !== null) node.textContent = String(text);
		return node;
	},

	section(part, title) {
		const section = this.el("section", `miroir-part miroir-${part}`);
		section.dataset.part = part;
		section.appendChild(this.el("header", "module-header miroir-title", this.translate(title)));
		return section;
	},

	/** A translation, or the raw word when a newer Miroir sends one this module does not know yet. */
	label(key, fallback) {
		const text = this.translate(key);
		return text === key ? String(fallback).replace(/_/g, " ") : text;
	},

	/**
	 * MagicMirror's own locale (config.js `locale`, else `language`), so numbers read like the words
	 * around them: a real MagicMirror showed "about 4,8 days left" with an English mirror and a
	 * French household. The household's locale only when MagicMirror gives none.
	 */
	locale() {
		const mm = typeof config !== "undefined" && config ? config : {};
		return mm.locale || mm.language || (this.miroir && this.miroir.household && this.miroir.household.locale) || undefined;
	},

	number(value) {
		return new Intl.NumberFormat(this.locale(), { maximumFractionDigits: 1 }).format(value);
	},

	money(total, currency) {
		try {
			return new Intl.NumberFormat(this.locale(), { style: "currency", currency }).format(total);
		} catch {
			return `${total} ${currency}`;
		}
	},

	renderOutfits(data) {
		const section = this.section("outfits", "OUTFITS");
		for (const person of (data.outfits || []).slice(0, this.config.maxItems)) {
			const card = this.el("div", "miroir-person");
			card.dataset.profile = person.profileId;
			card.appendChild(this.el("div", "miroir-name bright", person.name));
			if (person.unavailable) {
				card.appendChild(this.el("div", "dimmed", this.translate("OUTFIT_UNAVAILABLE")));
			} else {
				card.appendChild(this.el("div", "miroir-garments normal", person.garments.join(" · ")));
				if (this.config.showExplanation && person.explanation) card.appendChild(this.el("div", "miroir-explanation xsmall dimmed", person.explanation));
				if (this.config.showBring && person.bring.length) {
					const bring = this.el("div", "miroir-bring xsmall");
					bring.appendChild(this.el("span", "dimmed", `${this.translate("BRING")} `));
					for (const item of person.bring) bring.appendChild(this.el("span", "miroir-chip", this.label(`ITEM_${item.toUpperCase()}`, item)));
					card.appendChild(bring);
				}
			}
			section.appendChild(card);
		}
		return section;
	},

	renderSupplies(data) {
		const section = this.section("supplies", "RUNNING_LOW");
		const list = data.supplies || [];
		if (!list.length) section.appendChild(this.el("div", "dimmed xsmall", this.translate("NOTHING_LOW")));
		for (const s of list.slice(0, this.config.maxItems)) {
			const row = this.el("div", "miroir-row");
			row.appendChild(this.el("span", "bright", s.name));
			const days = s.daysLeft === null || s.daysLeft === undefined ? "" : ` · ${this.translate("DAYS_LEFT", { days: this.number(s.daysLeft) })}`;
			row.appendChild(this.el("span", "dimmed", ` ${this.number(s.level)} ${s.unit}${days}`));
			section.appendChild(row);
		}
		return section;
	},

	renderProposals(data) {
		const section = this.section("proposals", "PROPOSALS");
		const list = data.proposals || [];
		if (!list.length) section.appendChild(this.el("div", "dimmed xsmall", this.translate("NO_PROPOSAL")));
		for (const p of list.slice(0, this.config.maxItems)) {
			const row = this.el("div", "miroir-row");
			row.dataset.order = p.id;
			row.appendChild(this.el("span", "bright", this.translate("PROPOSAL", { name: p.name })));
			row.appendChild(this.el("span", "dimmed", ` ${this.money(p.total, p.currency)}`));
			section.appendChild(row);
		}
		return section;
	},

	renderDeliveries(data) {
		const section = this.section("deliveries", "DELIVERIES");
		const list = data.deliveries || [];
		if (!list.length) section.appendChild(this.el("div", "dimmed xsmall", this.translate("NO_DELIVERY")));
		for (const d of list.slice(0, this.config.maxItems)) {
			const row = this.el("div", "miroir-row");
			row.dataset.order = d.id;
			row.dataset.status = d.status;
			row.appendChild(this.el("span", "bright", d.name));
			row.appendChild(this.el("span", "dimmed", ` ${this.label(`STATUS_${d.status.toUpperCase()}`, d.status)}`));
			const steps = this.el("div", "miroir-steps");
			for (let i = 0; i < d.steps; i++) steps.appendChild(this.el("span", i <= d.step ? "miroir-step done" : "miroir-step"));
			row.appendChild(steps);
			section.appendChild(row);
		}
		return section;
	},

	getDom() {
		const wrapper = this.el("div", "mmm-miroir small");
		if (this.errorCode) {
			const error = this.el("div", "miroir-error dimmed xsmall", this.translate(`ERROR_${this.errorCode}`));
			error.dataset.error = this.errorCode;
			wrapper.appendChild(error);
		}
		if (!this.miroir) {
			if (!this.errorCode) wrapper.appendChild(this.el("div", "dimmed light", this.translate("LOADING")));
			return wrapper;
		}
		const render = { outfits: this.renderOutfits, supplies: this.renderSupplies, proposals: this.renderProposals, deliveries: this.renderDeliveries };
		for (const part of this.config.parts) if (render[part]) wrapper.appendChild(render[part].call(this, this.miroir));
		return wrapper;
	}
});
