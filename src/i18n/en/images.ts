/** Why a photo cannot be read (src/images/load.ts): the report and the terminal show these. */
export const images = {
  cannotRead: (photo: string, reason: string) => `cannot read photo ${photo}: ${reason}`,
  cannotOpen: (detail: string) => `the file cannot be opened (${detail})`,
  changed: 'the photo changed while it was being scanned, so it was not published; run the scan again',
  empty: 'the file is empty',
  unsupported: (format: string) => `"${format}" images are not supported; save it as JPEG or PNG`,
  heic: 'this HEIC photo could not be decoded; export it from Photos as JPEG and try again',
  noSize: 'the image has no size; the file is damaged',
  tooLarge: (megapixels: number, limit: number) => `the image is ${megapixels} megapixels, more than the ${limit} megapixel limit; make it smaller first`,
  overLimit: (limit: number) => `the image is larger than the ${limit} megapixel limit; make it smaller first`,
  notAPhoto: 'this is not a photo privacy-filter can read (use JPEG, PNG, WebP, TIFF, HEIC, AVIF or GIF)',
  damaged: 'file is truncated or damaged',
};
