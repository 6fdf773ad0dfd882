import os from 'node:os';

/**
 * The address a phone on the home network can open, for the join QR code. One module, used by
 * `POST /api/v1/join-codes` (so the mirror and the app show it) and by `npm start`.
 */
export type PublicAddressReason = 'configured' | 'network' | 'host' | 'loopback' | 'noNetwork';

export interface PublicAddress {
  /** The base URL, without a trailing slash. */
  url: string;
  /** False when only this machine can open `url` (the server listens on loopback, the default). */
  reachableFromPhones: boolean;
  /** How `url` was chosen: MIROIR_PUBLIC_URL, the machine's network address, HOST itself, or loopback. */
  reason: PublicAddressReason;
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '::0']);

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/** The first non-internal IPv4 address of this machine, in the order the system lists them. */
export function firstNetworkIPv4(interfaces: Interfaces = os.networkInterfaces()): string | null {
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) return entry.address;
    }
  }
  return null;
}

function hostPart(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function publicAddress(options: { publicUrl?: string; host: string; port: number; interfaces?: Interfaces }): PublicAddress {
  if (options.publicUrl) return { url: options.publicUrl.replace(/\/+$/, ''), reachableFromPhones: true, reason: 'configured' };
  const { host, port } = options;
  if (WILDCARDS.has(host)) {
    const ip = firstNetworkIPv4(options.interfaces);
    return ip ? { url: `http://${ip}:${port}`, reachableFromPhones: true, reason: 'network' } : { url: `http://127.0.0.1:${port}`, reachableFromPhones: false, reason: 'noNetwork' };
  }
  if (isLoopback(host)) return { url: `http://${hostPart(host === 'localhost' ? '127.0.0.1' : host)}:${port}`, reachableFromPhones: false, reason: 'loopback' };
  return { url: `http://${hostPart(host)}:${port}`, reachableFromPhones: true, reason: 'host' };
}

/** Where the app opens with a join code already typed in (the fragment never reaches a server log). */
export function joinUrl(base: string, code: string): string {
  return `${base}/app#join=${code}`;
}
