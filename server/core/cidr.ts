import net from 'node:net';

/** `a.b.c.d/n` or `v6::/n`; a bare address is one host. Throws on anything else. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address, bits, extra] = text.trim().split('/');
  const version = net.isIP(address ?? '');
  if (!version || extra !== undefined) throw new Error(`not a network: "${text}"`);
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`not a network: "${text}"`);
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
