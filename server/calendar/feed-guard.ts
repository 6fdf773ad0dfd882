import dns from 'node:dns';
import net from 'node:net';
import type { Agent } from 'undici';
import { parseCidr } from '@server/core/cidr';

/**
 * Addresses a calendar URL must never reach (a household types the URL; the server fetches it):
 * this machine, the home network, link-local (cloud metadata at 169.254.169.254), carrier NAT,
 * documentation, benchmarking, multicast and reserved ranges, for IPv4 and IPv6.
 */
const BLOCKED: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

/** Thrown (as the cause of the fetch failure) when a feed would reach a refused address. */
export class FeedAddressRefused extends Error {
  constructor() {
    super('calendar feed address refused');
    this.name = 'FeedAddressRefused';
  }
}

/** An IPv4 address written as IPv6 (`::ffff:127.0.0.1`, `::ffff:7f00:1`) is judged as the IPv4 it is. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (net.isIPv4(bare)) return { address: bare, family: 'ipv4' };
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (dotted && net.isIPv4(dotted[1])) return { address: dotted[1], family: 'ipv4' };
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return { address: `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, family: 'ipv4' };
  }
  return { address: bare, family: 'ipv6' };
}

/**
 * Which addresses calendar feeds may be fetched from: the public internet, plus the networks the
 * operator allows explicitly (`MIROIR_CALENDAR_ALLOW_NETWORKS`, for a calendar server at home).
 * The check runs where it cannot be dodged: on every address a name resolves to, on a literal
 * address before connecting, and on the socket's peer once connected, for every connection,
 * so every redirect is judged too and DNS rebinding gains nothing.
 */
export class FeedNetwork {
  private readonly blocked = new net.BlockList();
  private readonly allowed = new net.BlockList();
  private agent: Promise<Agent> | null = null;

  constructor(allowNetworks: readonly string[] = []) {
    for (const [address, prefix, family] of BLOCKED) this.blocked.addSubnet(address, prefix, family);
    for (const cidr of allowNetworks) {
      const { address, prefix, family } = parseCidr(cidr);
      this.allowed.addSubnet(address, prefix, family);
    }
  }

  /** The connection pool feeds are fetched through, made on the first fetch: undici is not loaded at start (~40 ms). */
  dispatcher(): Promise<Agent> {
    this.agent ??= import('undici').then(({ Agent, buildConnector }) => {
      const connect = buildConnector({ lookup: (hostname, options, callback) => this.lookup(hostname, options, callback) });
      return new Agent({
        connect: (options, callback) => {
          if (net.isIP(options.hostname.replace(/^\[|\]$/g, '')) && !this.allows(options.hostname)) {
            callback(new FeedAddressRefused(), null);
            return;
          }
          connect(options, (err, socket) => {
            if (err || !socket) return callback(err, null);
            if (!socket.remoteAddress || !this.allows(socket.remoteAddress)) {
              socket.destroy();
              return callback(new FeedAddressRefused(), null);
            }
            return callback(null, socket);
          });
        },
      });
    });
    return this.agent;
  }

  /** A URL naming a refused address outright (judged before fetch's own checks, such as its blocked ports, could answer differently). */
  refusesLiteral(url: string): boolean {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return net.isIP(host) !== 0 && !this.allows(host);
  }

  allows(address: string): boolean {
    const { address: ip, family } = unmapped(address);
    if (!net.isIP(ip)) return false;
    if (this.allowed.check(ip, family)) return true;
    return !this.blocked.check(ip, family);
  }

  async close(): Promise<void> {
    if (this.agent) await (await this.agent).close();
  }

  /** `dns.lookup`, refusing the whole name when any address it resolves to is refused. */
  private lookup(hostname: string, options: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void): void {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (addresses.length === 0 || addresses.some((a) => !this.allows(a.address))) return callback(new FeedAddressRefused(), []);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }
}
