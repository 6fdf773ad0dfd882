import { X509Certificate, verify as verifySignature } from 'node:crypto';
import https from 'node:https';
import tls from 'node:tls';
import type { Clock } from '@server/core/clock';

/**
 * Amazon's rules for a skill hosted as a web service, applied to the raw body before anything is
 * parsed or run: the certificate URL, the chain up to a trusted root, the SAN, the SHA-256
 * signature over the exact bytes received, and a timestamp within 150 s.
 *
 * Why this and not ask-sdk-express-adapter's `SkillRequestSignatureVerifier` / `TimestampVerifier`
 * (the package was dropped): those read `new Date()` and Node's bundled roots and fetch the chain
 * with their own `https.get`, none of it injectable, so they can only be tested against Amazon's
 * live certificates over the network, never at a chosen instant (an expired chain, the edges of
 * the 150 s window); they check chains with node-forge's pure-JS RSA where Node's own
 * `X509Certificate` does it natively; and a chain they cached is never re-checked for expiry on
 * later requests. Here the clock, the chain fetcher and the trusted roots are constructor options
 * (a local CA in tests), and a cached chain is re-checked on every use.
 */
export const TIMESTAMP_TOLERANCE_MS = 150_000;
const ECHO_SAN = 'DNS:echo-api.amazon.com';

export class AlexaVerificationError extends Error {
  constructor(readonly reason: string) {
    super(`alexa request refused: ${reason}`);
    this.name = 'AlexaVerificationError';
  }
}

export type CertChainFetcher = (url: string) => Promise<string>;

export interface AlexaVerifierOptions {
  clock: Clock;
  fetchCertChain?: CertChainFetcher;
  /** PEM root certificates; Node's bundled roots in production, a local CA in tests. */
  trustedRoots?: readonly string[];
}

export function checkCertUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AlexaVerificationError('certUrlInvalid');
  }
  // URL lowercases the scheme and host and resolves dot segments, which is the normalisation Amazon asks for.
  if (url.protocol !== 'https:') throw new AlexaVerificationError('certUrlScheme');
  if (url.hostname !== 's3.amazonaws.com') throw new AlexaVerificationError('certUrlHost');
  if (url.port !== '' && url.port !== '443') throw new AlexaVerificationError('certUrlPort');
  if (!url.pathname.startsWith('/echo.api/')) throw new AlexaVerificationError('certUrlPath');
  return url;
}

export function splitPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new AlexaVerificationError('certChainEmpty');
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw new AlexaVerificationError('certChainUnreadable');
  }
}

function validAt(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(cert.validTo).getTime();
}

/** A bounded HTTPS GET for the chain: Amazon's file is a few KB. */
export const httpsFetchCertChain: CertChainFetcher = (url) =>
  new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: 5000 }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new AlexaVerificationError('certChainFetch'));
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 64 * 1024) req.destroy(new AlexaVerificationError('certChainTooLarge'));
      });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new AlexaVerificationError('certChainFetch')));
    req.on('error', reject);
  });

export class AlexaRequestVerifier {
  private parsedRoots: X509Certificate[] | null = null;
  private readonly fetchChain: CertChainFetcher;
  private readonly cache = new Map<string, Promise<X509Certificate[]>>();

  constructor(private readonly options: AlexaVerifierOptions) {
    this.fetchChain = options.fetchCertChain ?? httpsFetchCertChain;
  }

  /** Parsed on the first request Alexa signs: Node's ~140 roots cost 10–20 ms at every start otherwise. */
  private get roots(): X509Certificate[] {
    this.parsedRoots ??= (this.options.trustedRoots ?? tls.rootCertificates).flatMap((pem) => {
      try {
        return [new X509Certificate(pem)];
      } catch {
        return [];
      }
    });
    return this.parsedRoots;
  }

  /** Throws AlexaVerificationError unless the request is Amazon's, signed over these bytes, and fresh. */
  async verify(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<void> {
    const header = (name: string): string | null => {
      const value = headers[name];
      return typeof value === 'string' && value.length > 0 ? value : null;
    };
    const certUrl = header('signaturecertchainurl');
    if (!certUrl) throw new AlexaVerificationError('certUrlMissing');
    // The SHA-1 `Signature` header alone is not accepted: Amazon signs with SHA-256 too.
    const signature = header('signature-256');
    if (!signature) throw new AlexaVerificationError('signatureMissing');
    const url = checkCertUrl(certUrl);
    const chain = await this.chain(url.href);
    const now = this.options.clock.now();
    this.checkChain(chain, now);
    const ok = verifySignature('sha256', Buffer.from(rawBody, 'utf8'), chain[0].publicKey, Buffer.from(signature, 'base64'));
    if (!ok) throw new AlexaVerificationError('signatureInvalid');
    this.checkTimestamp(rawBody, now);
  }

  private chain(url: string): Promise<X509Certificate[]> {
    let cached = this.cache.get(url);
    if (!cached) {
      cached = this.fetchChain(url).then(splitPem);
      // A failed fetch is not remembered; a good chain is re-checked against the clock on every use.
      cached.catch(() => this.cache.delete(url));
      if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(url, cached);
    }
    return cached;
  }

  private checkChain(chain: X509Certificate[], now: Date): void {
    const [leaf] = chain;
    if (!chain.every((c) => validAt(c, now))) throw new AlexaVerificationError('certExpired');
    const san = (leaf.subjectAltName ?? '').split(',').map((s) => s.trim());
    if (!san.includes(ECHO_SAN)) throw new AlexaVerificationError('certSan');
    for (let i = 0; i + 1 < chain.length; i++) {
      const issuer = chain[i + 1];
      if (!issuer.ca || !chain[i].checkIssued(issuer) || !chain[i].verify(issuer.publicKey)) throw new AlexaVerificationError('certChainBroken');
    }
    const top = chain[chain.length - 1];
    const anchored = this.roots.some(
      (root) => root.fingerprint256 === top.fingerprint256 || (root.ca && validAt(root, now) && top.checkIssued(root) && top.verify(root.publicKey)),
    );
    if (!anchored) throw new AlexaVerificationError('certUntrusted');
  }

  private checkTimestamp(rawBody: string, now: Date): void {
    let timestamp: unknown;
    try {
      timestamp = (JSON.parse(rawBody) as { request?: { timestamp?: unknown } }).request?.timestamp;
    } catch {
      throw new AlexaVerificationError('bodyInvalid');
    }
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
    if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > TIMESTAMP_TOLERANCE_MS) throw new AlexaVerificationError('timestampOutOfRange');
  }
}
