import { execFileSync } from 'node:child_process';
import { sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A certificate chain shaped like Amazon's (root → intermediate → leaf with the SAN
 * echo-api.amazon.com), generated locally with openssl so the whole verification runs for real.
 */
export interface TestChain {
  rootPem: string;
  /** Leaf then intermediate, as Amazon serves it. */
  chainPem: string;
  leafKeyPem: string;
  /** A leaf for another name, signed by the same intermediate. */
  foreignChainPem: string;
  foreignKeyPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function makeTestChain(): TestChain {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miroir-alexa-certs-'));
  try {
    fs.writeFileSync(path.join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    fs.writeFileSync(path.join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:echo-api.amazon.com\n');
    fs.writeFileSync(path.join(dir, 'foreign.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:evil.example.com\n');
    // Validity around the tests' fixed clock (2026-11-30) and the real one. The root is RSA like
    // Amazon's; the others are P-256, generated instantly (the verifier does not care which).
    openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-subj', '/CN=Miroir Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const issue = (name: string, issuer: string, ext: string, cn: string): void => {
      openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
      openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '1825', '-extfile', ext]);
    };
    issue('inter', 'root', 'ca.ext', 'Miroir Test Intermediate');
    issue('leaf', 'inter', 'leaf.ext', 'echo-api.amazon.com');
    issue('foreign', 'inter', 'foreign.ext', 'evil.example.com');
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
    return {
      rootPem: read('root.pem'),
      chainPem: read('leaf.pem') + read('inter.pem'),
      leafKeyPem: read('leaf.key'),
      foreignChainPem: read('foreign.pem') + read('inter.pem'),
      foreignKeyPem: read('foreign.key'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';

export function signatureOf(body: string, keyPem: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  return sign(algorithm, Buffer.from(body, 'utf8'), keyPem).toString('base64');
}
