import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Photos are at most this large; the mirror shows them small, a phone picture fits. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export const PHOTO_TYPES = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
} as const;
export type PhotoExtension = keyof typeof PHOTO_TYPES;

/** The real type from the first bytes: the declared content type and file name are not trusted. */
export function sniffImage(bytes: Buffer): PhotoExtension | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

/** Files under `<dataDir>/photos/<householdId>/`, named after the garment; ids are uuids so no path escapes. */
export class PhotoStore {
  constructor(private readonly dataDir: string) {}

  private dir(householdId: string): string {
    return path.join(this.dataDir, 'photos', householdId);
  }

  private safe(householdId: string, file: string): string {
    if (!/^[A-Za-z0-9-]+$/.test(householdId) || !/^[A-Za-z0-9-]+\.(jpg|png|webp)$/.test(file)) throw new Error('unsafe photo path');
    return path.join(this.dir(householdId), file);
  }

  /** Writes atomically (temp file then rename) so a reader never sees half a photo. */
  write(householdId: string, garmentId: string, ext: PhotoExtension, bytes: Buffer): string {
    const file = `${garmentId}.${ext}`;
    const target = this.safe(householdId, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
    return file;
  }

  read(householdId: string, file: string): { bytes: Buffer; contentType: string } | null {
    const full = this.safe(householdId, file);
    if (!fs.existsSync(full)) return null;
    const ext = path.extname(file).slice(1) as PhotoExtension;
    return { bytes: fs.readFileSync(full), contentType: PHOTO_TYPES[ext] };
  }

  /** Every photo of a household, for when the household is deleted. */
  removeHousehold(householdId: string): void {
    if (!/^[A-Za-z0-9-]+$/.test(householdId)) throw new Error('unsafe photo path');
    fs.rmSync(this.dir(householdId), { recursive: true, force: true });
  }

  remove(householdId: string, file: string | null): void {
    if (!file) return;
    fs.rmSync(this.safe(householdId, file), { force: true });
  }
}
