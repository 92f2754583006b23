/** The progress bar on stderr (src/ui/progress.ts) and what it counts. */
export const progress = {
  photos: 'photos',
  portraits: 'portraits',
  perSecond: (rate: string) => `${rate}/s`,
  left: (duration: string) => `${duration} left`,
  seconds: (s: number) => `${s}s`,
  minutes: (m: number, s: string) => `${m}m${s}s`,
  hours: (h: number, m: string) => `${h}h${m}m`,
  enrolling: 'enrolling',
};
