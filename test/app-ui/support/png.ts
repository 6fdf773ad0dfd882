import zlib from 'node:zlib';

/**
 * A tiny PNG encoder (RGB, no filter) for test photos: a garment drawn by a function of the pixel,
 * so the browser tests upload real image files without shipping binaries in the repository.
 */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export type Rgb = [number, number, number];

export function png(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A garment of one colour (a rounded body with sleeves) on a light grey backdrop, like a photo on a bed. */
export function garmentPhoto(color: Rgb, size = 900, second?: Rgb): Buffer {
  const backdrop: Rgb = [226, 228, 224];
  return png(size, size, (x, y) => {
    const u = x / size;
    const v = y / size;
    const body = u > 0.3 && u < 0.7 && v > 0.2 && v < 0.9;
    const sleeves = v > 0.2 && v < 0.45 && u > 0.12 && u < 0.88;
    if (!(body || sleeves)) return backdrop;
    if (second && v > 0.55) return second;
    return color;
  });
}
