import 'reflect-metadata';
import { sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * A certificate chain shaped like Amazon's (root → intermediate → leaf with the SAN
 * echo-api.amazon.com), built in-process with explicit validity dates so the whole verification
 * runs for real on the test's clock, whatever the machine's date. (openssl 3.0's `req`/`x509`
 * only date certificates from the real "now", which made the suite fail once the real date passed
 * the fixed test clock.)
 */
export interface TestChain {
  rootPem: string;
  /** Leaf then intermediate, as Amazon serves it. */
  chainPem: string;
  leafKeyPem: string;
  /** A leaf for another name, signed by the same intermediate. */
  foreignChainPem: string;
  foreignKeyPem: string;
  /** The validity every certificate of the chain was given. */
  notBefore: Date;
  notAfter: Date;
}

export interface ChainValidity {
  /** The instant the chain must be valid around (the test's clock). */
  at: Date;
  /** Days before `at` the certificates start; negative makes a chain not yet valid at `at`. */
  validDaysBefore?: number;
  /** Days after `at` the certificates end; negative makes a chain already expired at `at`. */
  validDaysAfter?: number;
}

const DAY_MS = 86_400_000;
const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC: EcKeyGenParams & { hash: string } = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

async function keyPair(algorithm: RsaHashedKeyGenParams | EcKeyGenParams): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
}

let serial = 1;
const nextSerial = (): string => (serial++).toString(16).padStart(2, '0');

interface Issued {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

async function issue(options: {
  cn: string;
  issuer?: Issued;
  ca: boolean;
  san?: string;
  algorithm: RsaHashedKeyGenParams | EcKeyGenParams;
  notBefore: Date;
  notAfter: Date;
}): Promise<Issued> {
  const keys = await keyPair(options.algorithm);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.ca, undefined, options.ca),
    ...(options.ca ? [new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)] : []),
    ...(options.san ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: options.san }])] : []),
  ];
  const signer = options.issuer ?? { keys };
  const signingAlgorithm = signer.keys.privateKey.algorithm.name === 'ECDSA' ? EC : RSA;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: `CN=${options.cn}`,
    issuer: options.issuer ? options.issuer.cert.subject : `CN=${options.cn}`,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    signingAlgorithm,
    publicKey: keys.publicKey,
    signingKey: signer.keys.privateKey,
    extensions,
  });
  return { cert, keys };
}

/** A chain valid from `validDaysBefore` days before `at` to `validDaysAfter` days after it. */
export async function makeTestChain(validity: ChainValidity): Promise<TestChain> {
  const notBefore = new Date(validity.at.getTime() - (validity.validDaysBefore ?? 30) * DAY_MS);
  const notAfter = new Date(validity.at.getTime() + (validity.validDaysAfter ?? 365) * DAY_MS);
  const dates = { notBefore, notAfter };
  // The root is RSA like Amazon's; the others are P-256, generated instantly (the verifier does not care which).
  const root = await issue({ cn: 'Miroir Test Root', ca: true, algorithm: RSA, ...dates });
  const inter = await issue({ cn: 'Miroir Test Intermediate', issuer: root, ca: true, algorithm: EC, ...dates });
  const leaf = await issue({ cn: 'echo-api.amazon.com', issuer: inter, ca: false, san: 'echo-api.amazon.com', algorithm: EC, ...dates });
  const foreign = await issue({ cn: 'evil.example.com', issuer: inter, ca: false, san: 'evil.example.com', algorithm: EC, ...dates });
  const pem = (c: Issued): string => `${c.cert.toString('pem')}\n`;
  return {
    rootPem: pem(root),
    chainPem: pem(leaf) + pem(inter),
    leafKeyPem: await privateKeyPem(leaf.keys.privateKey),
    foreignChainPem: pem(foreign) + pem(inter),
    foreignKeyPem: await privateKeyPem(foreign.keys.privateKey),
    notBefore,
    notAfter,
  };
}

export const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';

export function signatureOf(body: string, keyPem: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return sign(algorithm, Buffer.from(body, 'utf8'), keyPem).toString('base64');
}
