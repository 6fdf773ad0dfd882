import path from 'node:path';

/**
 * Stand-ins for the parts of MagicMirror² a module touches (MagicMirror is outside the house): its
 * `node_helper` base class on the server side, and `Module.register` with `translate`, `file`,
 * `updateDom` and the socket on the browser side. Only the documented API surface, nothing more.
 */

export const MODULE_DIR = path.resolve(__dirname, '../../../../integrations/magicmirror/MMM-Miroir');

export interface SocketNotification {
  notification: string;
  payload: unknown;
}

export interface HelperInstance {
  start(): void;
  stop(): void;
  socketNotificationReceived(notification: string, payload: unknown): void;
  sendSocketNotification(notification: string, payload: unknown): void;
  sent: SocketNotification[];
  onSend?: (n: SocketNotification) => void;
}

type HelperClass = new () => HelperInstance;

/** MagicMirror's `NodeHelper.create(definition)`: a class whose instances have the definition's methods and the socket. */
export const NodeHelperStandIn = {
  create(definition: Record<string, unknown>): HelperClass {
    return class {
      sent: SocketNotification[] = [];
      onSend?: (n: SocketNotification) => void;
      constructor() {
        Object.assign(this, definition);
      }
      sendSocketNotification(notification: string, payload: unknown): void {
        const n = { notification, payload };
        this.sent.push(n);
        this.onSend?.(n);
      }
    } as unknown as HelperClass;
  },
};

/**
 * The browser half: `Module.register` records the definition; `window.__mount(config, translations)`
 * builds the module as MagicMirror would (defaults merged with the config, an identifier, `start()`,
 * the first `getDom()`), and `window.__deliver(notification, payload)` plays a socket notification.
 */
export const BROWSER_HARNESS = `
window.__sent = [];
window.Log = { info() {}, log() {}, warn() {}, error(...a) { window.__logged = (window.__logged || []).concat([a.join(' ')]); } };
window.Module = {
  definitions: {},
  register(name, definition) { this.definitions[name] = definition; },
};
window.__mount = (config, translations) => {
  const definition = window.Module.definitions['MMM-Miroir'];
  const module = Object.assign(Object.create(definition), {
    name: 'MMM-Miroir',
    identifier: 'module_0_MMM-Miroir',
    config: Object.assign({}, definition.defaults, config),
    translate(key, variables) {
      const template = translations[key] !== undefined ? translations[key] : key;
      return template.replace(/{([^}]+)}/g, (all, name) => (variables && variables[name] !== undefined ? String(variables[name]) : all));
    },
    file(name) { return 'modules/MMM-Miroir/' + name; },
    sendSocketNotification(notification, payload) { window.__sent.push({ notification, payload }); },
    updateDom() { window.__render(); },
  });
  const region = document.getElementById('region');
  window.__render = () => region.replaceChildren(module.getDom());
  window.__module = module;
  module.start();
  window.__render();
  return { styles: module.getStyles(), translations: module.getTranslations() };
};
window.__deliver = (notification, payload) => window.__module.socketNotificationReceived(notification, payload);
`;
