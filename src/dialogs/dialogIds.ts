export const DialogIds = {
  main: 'main',
  guide: 'guide',
  handoff: 'handoff',
} as const;
