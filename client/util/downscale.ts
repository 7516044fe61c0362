/**
 * Photos made smaller in the browser before they are sent (issue 8): a 12-MP phone photo
 * (4000×3000, 4–6 MB) becomes a JPEG of at most 1600 px on its long side (~200–400 KB), so that
 * handing in a page of a notebook does not cost a student megabytes of mobile data. Orientation
 * from EXIF is applied (createImageBitmap 'from-image'). What the browser cannot decode (HEIC on
 * most browsers), GIFs and small enough JPEGs are sent as they are.
 */

/** Longest side of a sent photo, px: enough to read handwriting on a full page. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.82;
const SMALL_ENOUGH = 600 * 1024;

export function jpegName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name || 'anh'}.jpg`;
}

export async function downscalePhoto(file: File, maxSide = PHOTO_MAX_SIDE, quality = PHOTO_QUALITY): Promise<File> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && file.type === 'image/jpeg' && file.size <= SMALL_ENOUGH) {
    bitmap.close();
    return file;
  }
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    bitmap.close();
    return file;
  }
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob || blob.size >= file.size) return file;
  return new File([blob], jpegName(file.name), { type: 'image/jpeg', lastModified: file.lastModified });
}
