import type os from 'node:os';
import { publicAddress } from '@server/households/public-address';

type Interfaces = ReturnType<typeof os.networkInterfaces>;
const iface = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
  ({ address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }) as os.NetworkInterfaceInfo;
const machine: Interfaces = { lo: [iface('127.0.0.1', 'IPv4', true)], eth0: [iface('fe80::1', 'IPv6', false), iface('192.168.1.23', 'IPv4', false)], wlan0: [iface('10.0.0.5', 'IPv4', false)] };

describe('publicAddress', () => {
  it('a wildcard HOST gives the first non-internal IPv4, reachable', () => {
    for (const host of ['0.0.0.0', '::']) expect(publicAddress({ host, port: 3000, interfaces: machine })).toEqual({ url: 'http://192.168.1.23:3000', reachableFromPhones: true, reason: 'network' });
  });
  it('a wildcard on a machine with no network says so', () => {
    expect(publicAddress({ host: '0.0.0.0', port: 80, interfaces: { lo: machine.lo } })).toEqual({ url: 'http://127.0.0.1:80', reachableFromPhones: false, reason: 'noNetwork' });
  });
  it('loopback (the default) is not reachable from a phone', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(publicAddress({ host, port: 3000, interfaces: machine })).toMatchObject({ reachableFromPhones: false, reason: 'loopback' });
    expect(publicAddress({ host: '::1', port: 3000 }).url).toBe('http://[::1]:3000');
  });
  it('a named host is used as it is; MIROIR_PUBLIC_URL wins over everything', () => {
    expect(publicAddress({ host: '192.168.1.50', port: 8080, interfaces: machine })).toEqual({ url: 'http://192.168.1.50:8080', reachableFromPhones: true, reason: 'host' });
    expect(publicAddress({ publicUrl: 'https://home.example/', host: '127.0.0.1', port: 3000 })).toEqual({ url: 'https://home.example', reachableFromPhones: true, reason: 'configured' });
  });
});
