import { dominantColors, type ColorName } from '@app/core/colors';

/**
 * A photo made ready on the phone before upload: decoded (EXIF orientation applied), shrunk so its
 * long side is at most `maxSide` px and re-encoded as JPEG (a 12 MP camera photo of 4 MB becomes
 * about 150 KB), with its dominant colours read from a small copy.
 */
export interface PreparedPhoto {
  blob: Blob;
  previewUrl: string;
  width: number;
  height: number;
  colors: ColorName[];
}

export async function preparePhoto(file: Blob, maxSide = 1280): Promise<PreparedPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode failed'))), 'image/jpeg', 0.85));
    // Colours from a 64 px copy: enough pixels to be stable, few enough to be instant.
    const small = document.createElement('canvas');
    const s = Math.min(1, 64 / Math.max(width, height));
    small.width = Math.max(1, Math.round(width * s));
    small.height = Math.max(1, Math.round(height * s));
    const sctx = small.getContext('2d', { willReadFrequently: true });
    if (!sctx) throw new Error('no 2d canvas');
    sctx.drawImage(canvas, 0, 0, small.width, small.height);
    const pixels = sctx.getImageData(0, 0, small.width, small.height).data;
    return { blob, previewUrl: URL.createObjectURL(blob), width, height, colors: dominantColors(pixels, small.width, small.height) };
  } finally {
    bitmap.close();
  }
}
