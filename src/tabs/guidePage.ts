/**
 * What GET /api/tabs/guide answers: the whole guide in one language, as plain JSON the page draws. Types only (no
 * imports), so the page (web/guide) reads the same shape. Texts are the cards' own Adaptive Card markdown: **bold**,
 * _italic_, [links](https://…), blank lines between paragraphs.
 */
export interface GuidePage {
  language: 'nl' | 'en';
  labels: GuidePageLabels;
  /** The organisation's facts from the configuration: its name, the username's form, the links and versions. */
  organisation: { heading: string; facts: GuidePageFact[] };
  /** How to reach the servicedesk, as the cards say it. */
  servicedesk: { heading: string; text: string; facts: GuidePageFact[] };
  parts: GuidePagePart[];
}

export interface GuidePageLabels {
  /** The page's title and h1. */
  title: string;
  intro: string;
  /** The name of the nav of parts. */
  contents: string;
  /** The name of the group of language buttons. */
  language: string;
  /** Each language's own name ("Nederlands", "English"), for the switch. */
  languageNames: { nl: string; en: string };
  /** The heading above a sub-step's known problems. */
  problems: string;
}

export interface GuidePageFact {
  title: string;
  /** Markdown, as in the cards' FactSets. */
  value: string;
}

export interface GuidePageImage {
  /** Under /images/<language>/ on the bot's own server. */
  url: string;
  alt: string;
  /** A tall phone screenshot: the page draws it narrower. */
  portrait: boolean;
}

export interface GuidePagePart {
  /** The part's id ("mfasetup"), also its anchor on the page. */
  id: string;
  /** "Stap 2 van 3", "Voorbereiding", "Klaar!". */
  progress: string;
  title: string;
  subSteps: GuidePageSubStep[];
}

export interface GuidePageSubStep {
  /** The position key ("mfasetup.enterNumber"). */
  id: string;
  title: string;
  instruction: string;
  image: GuidePageImage;
  /** Facts under the instruction (the VPN settings), as the card shows them. */
  facts: GuidePageFact[];
  problems: GuidePageProblem[];
}

export interface GuidePageProblem {
  /** The knowledge-base intent. */
  id: string;
  title: string;
  answer: string;
  image?: GuidePageImage;
  /** "Bron: [Microsoft Learn](…)", as the answer card says it; '' without sources. */
  sources: string;
}
