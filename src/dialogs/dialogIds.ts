import type { PartId } from './setupGuide';

export const DialogIds = {
  main: 'main',
  mainRoute: 'main.route',
  setup: 'setup',
  part: (part: PartId) => `setup.${part}`,
} as const;
