import type { Shape } from '../catalogue.js';
import type { progress as en } from '../en/progress.js';

export const progress: Shape<typeof en> = {
  photos: "foto's",
  portraits: "portretfoto's",
  perSecond: (rate: string) => `${rate}/s`,
  left: (duration: string) => `nog ${duration}`,
  seconds: (s: number) => `${s}s`,
  minutes: (m: number, s: string) => `${m}m${s}s`,
  hours: (h: number, m: string) => `${h}u${m}m`,
  enrolling: 'inlezen',
};
