import type { Shape } from '../catalogue.js';
import type { videoFiles as en } from '../en/video-files.js';

export const videoFiles: Shape<typeof en> = {
  cannotRead: (file: string, reason: string) => `kan video ${file} niet lezen: ${reason}`,
  cannotOpen: 'het bestand kan niet worden geopend',
  empty: 'het bestand is leeg (0 bytes); kopieer het opnieuw van de telefoon of uit het bericht',
  cutOff: 'het bestand is onvolledig (afgebroken tijdens het kopiëren of versturen); kopieer het opnieuw van de telefoon',
  notAVideo: 'dit is geen video die FFmpeg kan lezen (beschadigd, of helemaal geen video); open hem op de telefoon en deel hem opnieuw',
  ffmpegCannotRead: (detail: string) => `FFmpeg kan hem niet lezen (${detail})`,
  onlySound: 'er zit alleen geluid in, geen beeld',
  noVideoStream: 'er zit geen videobeeld in',
  undecodable: 'het beeld is opgeslagen in een formaat dat FFmpeg niet kan lezen; exporteer de video op de telefoon als gewone (H.264-)video',
  tooLarge: (width: number, height: number) => `het beeld is ${width} × ${height}, groter dan de video's die dit programma verwerkt (8K)`,
  noLength: 'de lengte is niet te lezen (het bestand is beschadigd of onvolledig); kopieer het opnieuw',
  tooLong: (minutes: number, limit: number) =>
    `de video duurt ${minutes} minuten, langer dan de ${limit} minuten die dit programma filtert; knip hem op in kortere stukken`,
  wrongFrameSize: (actual: string, width: number, height: number) =>
    `de beelden zijn ${actual} pixels, niet de ${width} × ${height} die in het bestand staat; exporteer de video opnieuw vanaf de telefoon`,
  ffmpegStopped: (detail: string) => `FFmpeg stopte tijdens het lezen (${detail}); het bestand is misschien beschadigd`,
  noFrame: 'er kon geen enkel beeld uit worden gelezen; het bestand is beschadigd of in een formaat dat FFmpeg niet kan lezen',
  endsEarly: (decoded: number, total: number) =>
    `de video stopt na ${decoded} van de ${total} beelden: het bestand is onvolledig (afgebroken tijdens het kopiëren of versturen); kopieer het opnieuw`,
  moreFramesAgain: 'de video werd de tweede keer anders gelezen (meer beelden); hij is niet gepubliceerd',
  otherFramesAgain: (decoded: number, expected: number) =>
    `de video werd de tweede keer anders gelezen (${decoded} beelden, niet ${expected}); hij is niet gepubliceerd`,
  changedWhileRead: 'het bestand veranderde terwijl het gelezen werd; scan opnieuw als het helemaal gekopieerd is',
  changedDuringScan: 'het bestand veranderde tijdens de scan; scan opnieuw',
  noFfmpeg: (platform: string) => `geen FFmpeg gevonden voor deze computer (${platform}), dus video's kunnen niet worden gefilterd`,
  noFfmpegHint: 'Installeer privacy-filter opnieuw met npm ci (dat brengt FFmpeg mee), of installeer FFmpeg zodat ffmpeg en ffprobe in het PATH staan.',
};
