import type { PartId } from '../guide/setupGuide';

export const DialogIds = {
  main: 'main',
  mainRoute: 'main.route',
  setup: 'setup',
  handoff: 'handoff',
  part: (part: PartId) => `setup.${part}`,
} as const;
