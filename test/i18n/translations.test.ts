import { resources } from '../../src/i18n/translator';
import { setupGuide } from '../../src/guide/setupGuide';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each(['translation', 'guide'] as const)('the %s namespace', (namespace) => {
  const nl = flatten(resources.nl[namespace] as Tree);
  const en = flatten(resources.en[namespace] as Tree);

  it('has the same keys in Dutch and English', () => {
    expect([...en.keys()].filter((key) => !nl.has(key))).toEqual([]);
    expect([...nl.keys()].filter((key) => !en.has(key))).toEqual([]);
  });

  it('has no empty texts and the same placeholders in both languages', () => {
    for (const [key, value] of nl) {
      expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(en.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(value) });
    }
  });
});

describe('the guide texts', () => {
  it.each(setupGuide.flatMap((part) => part.subSteps.map((s) => `${part.id}.${s.id}`)))('%s has a title, instruction and alt text in both languages', (key) => {
    for (const language of ['nl', 'en'] as const) {
      const guide = flatten(resources[language].guide as Tree);
      for (const field of ['title', 'instruction', 'imageAlt']) expect(guide.get(`steps.${key}.${field}`)?.length ?? 0).toBeGreaterThan(3);
    }
  });

  it('has a title for every part', () => {
    for (const part of setupGuide) for (const language of ['nl', 'en'] as const) expect(flatten(resources[language].guide as Tree).get(`parts.${part.id}.title`)).toBeTruthy();
  });
});
