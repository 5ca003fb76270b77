import { ToggleButton } from '@fluentui/react-components';
import type { GuidePage, GuidePageFact, GuidePageImage, GuidePagePart, GuidePageSubStep } from '../../src/tabs/guidePage';
import { Markdown } from './markdown';

export type GuideLanguage = GuidePage['language'];
const languageOrder: GuideLanguage[] = ['nl', 'en'];

interface GuideViewProps {
  page: GuidePage;
  onLanguage: (language: GuideLanguage) => void;
}

/** The whole guide on one page: header with the language switch, a nav of the parts, then each part and sub-step. */
export function GuideView({ page, onLanguage }: GuideViewProps) {
  const { labels } = page;
  return (
    <div className="guide">
      <header className="guide-header">
        <h1>{labels.title}</h1>
        <Markdown text={labels.intro} />
        <div className="guide-switch" role="group" aria-label={labels.language}>
          {languageOrder.map((language) => (
            <ToggleButton key={language} lang={language} checked={page.language === language} onClick={() => onLanguage(language)}>
              {labels.languageNames[language]}
            </ToggleButton>
          ))}
        </div>
      </header>
      <nav className="guide-nav" aria-label={labels.contents}>
        <ol>
          {page.parts.map((part) => (
            <li key={part.id}>
              <a href={`#${part.id}`}>{part.progress === part.title ? part.title : `${part.progress}: ${part.title}`}</a>
            </li>
          ))}
        </ol>
      </nav>
      <main className="guide-main">
        <section className="guide-section" aria-labelledby="organisation">
          <h2 id="organisation">{page.organisation.heading}</h2>
          <Facts facts={page.organisation.facts} />
        </section>
        {page.parts.map((part) => (
          <Part key={part.id} part={part} problemsLabel={labels.problems} />
        ))}
        <section className="guide-section" aria-labelledby="servicedesk">
          <h2 id="servicedesk">{page.servicedesk.heading}</h2>
          <Markdown text={page.servicedesk.text} />
          <Facts facts={page.servicedesk.facts} />
        </section>
      </main>
    </div>
  );
}

function Part({ part, problemsLabel }: { part: GuidePagePart; problemsLabel: string }) {
  return (
    <section className="guide-section guide-part" id={part.id} aria-labelledby={`${part.id}-heading`} tabIndex={-1}>
      <h2 id={`${part.id}-heading`}>
        {part.progress !== part.title && <span className="guide-progress">{part.progress}</span>}
        {part.title}
      </h2>
      {part.subSteps.map((subStep) => (
        <SubStep key={subStep.id} subStep={subStep} problemsLabel={problemsLabel} />
      ))}
    </section>
  );
}

function SubStep({ subStep, problemsLabel }: { subStep: GuidePageSubStep; problemsLabel: string }) {
  const headingId = `${subStep.id.replace('.', '-')}-heading`;
  return (
    <article className="guide-substep" aria-labelledby={headingId}>
      <h3 id={headingId}>{subStep.title}</h3>
      <Markdown text={subStep.instruction} />
      {subStep.facts.length > 0 && <Facts facts={subStep.facts} />}
      <Figure image={subStep.image} />
      {subStep.problems.length > 0 && (
        <div className="guide-problems">
          <h4>{problemsLabel}</h4>
          {subStep.problems.map((problem) => (
            <details key={problem.id}>
              <summary>{problem.title}</summary>
              <Markdown text={problem.answer} />
              {problem.image && <Figure image={problem.image} />}
              {problem.sources && (
                <p className="guide-sources">
                  <Markdown text={problem.sources} inline />
                </p>
              )}
            </details>
          ))}
        </div>
      )}
    </article>
  );
}

function Figure({ image }: { image: GuidePageImage }) {
  return (
    <figure className={image.portrait ? 'guide-figure portrait' : 'guide-figure'}>
      <img src={image.url} alt={image.alt} />
    </figure>
  );
}

function Facts({ facts }: { facts: GuidePageFact[] }) {
  return (
    <dl>
      {facts.map((fact) => (
        <div key={fact.title} style={{ display: 'contents' }}>
          <dt>{fact.title}</dt>
          <dd>
            <Markdown text={fact.value} inline />
          </dd>
        </div>
      ))}
    </dl>
  );
}
