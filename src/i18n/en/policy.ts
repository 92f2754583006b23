/** How the consent rules' words are named to a teacher: scopes and targets. Reason codes and JSON stay English. */
export const policy = {
  scope: { internal: 'internal', group: 'group', public: 'public' },
  groupTarget: (className: string) => `group ${className}`,
};
