import type { Shape } from '../catalogue.js';
import type { policy as en } from '../en/policy.js';

export const policy: Shape<typeof en> = {
  scope: { internal: 'intern', group: 'groep', public: 'publiek' },
  groupTarget: (className: string) => `groep ${className}`,
};
