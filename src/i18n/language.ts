/** The languages the bot speaks; every text, card and knowledge-base entry exists in each. */
export type Language = 'nl' | 'en';
export const languages: readonly Language[] = ['nl', 'en'];
