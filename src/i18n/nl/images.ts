import type { Shape } from '../catalogue.js';
import type { images as en } from '../en/images.js';

export const images: Shape<typeof en> = {
  cannotRead: (photo: string, reason: string) => `kan foto ${photo} niet lezen: ${reason}`,
  cannotOpen: (detail: string) => `het bestand kan niet geopend worden (${detail})`,
  changed: 'de foto veranderde terwijl hij gescand werd, dus hij is niet gepubliceerd; voer de scan opnieuw uit',
  empty: 'het bestand is leeg',
  unsupported: (format: string) => `afbeeldingen in "${format}" worden niet ondersteund; sla hem op als JPEG of PNG`,
  heic: 'deze HEIC-foto kan niet gelezen worden; exporteer hem vanuit Foto\'s als JPEG en probeer het opnieuw',
  noSize: 'de afbeelding heeft geen afmetingen; het bestand is beschadigd',
  tooLarge: (megapixels: number, limit: number) => `de afbeelding is ${megapixels} megapixel, meer dan de grens van ${limit} megapixel; maak hem eerst kleiner`,
  overLimit: (limit: number) => `de afbeelding is groter dan de grens van ${limit} megapixel; maak hem eerst kleiner`,
  notAPhoto: 'dit is geen foto die privacy-filter kan lezen (gebruik JPEG, PNG, WebP, TIFF, HEIC, AVIF of GIF)',
  damaged: 'het bestand is afgebroken of beschadigd',
};
