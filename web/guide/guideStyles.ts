/**
 * The guide's layout, on Fluent UI's theme variables (set by FluentProvider), so it follows the Teams theme. A plain
 * style sheet because it needs media queries: a phone (nothing wider than the screen) and print (one part per A4 page,
 * no navigation or language switch).
 */
export const guideStyles = `
html, body { margin: 0; }
.guide { font-family: var(--fontFamilyBase); font-size: var(--fontSizeBase300); line-height: var(--lineHeightBase300);
  color: var(--colorNeutralForeground1); background: var(--colorNeutralBackground1); overflow-wrap: anywhere; }
.guide *, .guide *::before, .guide *::after { box-sizing: border-box; }
.guide a { color: var(--colorBrandForegroundLink); }
.guide a:hover { color: var(--colorBrandForegroundLinkHover); }
.guide :focus-visible { outline: 2px solid var(--colorStrokeFocus2); outline-offset: 2px; border-radius: 2px; }
.guide-header, .guide-nav, .guide-main { max-width: 60rem; margin: 0 auto; padding: 0 16px; }
.guide-header { padding-top: 16px; }
.guide h1 { font-size: var(--fontSizeBase600); line-height: var(--lineHeightBase600); margin: 0 0 8px; }
.guide h2 { font-size: var(--fontSizeBase500); line-height: var(--lineHeightBase500); margin: 0 0 12px; }
.guide h3 { font-size: var(--fontSizeBase400); line-height: var(--lineHeightBase400); margin: 0 0 8px; }
.guide h4 { font-size: var(--fontSizeBase300); margin: 12px 0 4px; }
.guide p { margin: 0 0 8px; }
.guide-switch { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.guide-nav ol { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0; padding: 8px 0; list-style: none; }
.guide-nav li { padding: 4px 0; }
.guide-progress { display: block; font-size: var(--fontSizeBase200); color: var(--colorBrandForeground1); }
.guide-section { border-top: 1px solid var(--colorNeutralStroke2); padding: 16px 0; }
.guide-substep { margin: 0 0 24px; }
.guide-figure { margin: 8px 0; }
.guide-figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--colorNeutralStroke2); border-radius: 4px; }
.guide-figure.portrait img { max-width: min(100%, 260px); }
.guide dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 4px 16px; margin: 8px 0; }
.guide dt { font-weight: var(--fontWeightSemibold); }
.guide dd { margin: 0; }
.guide details { border: 1px solid var(--colorNeutralStroke2); border-radius: 4px; margin: 4px 0; padding: 4px 8px;
  background: var(--colorNeutralBackground2); }
.guide summary { cursor: pointer; font-weight: var(--fontWeightSemibold); padding: 4px 0; }
.guide details[open] summary { margin-bottom: 4px; }
.guide-sources { font-size: var(--fontSizeBase200); color: var(--colorNeutralForeground2); }
@media (max-width: 480px) {
  .guide dl { grid-template-columns: minmax(0, 1fr); }
  .guide dd { margin-bottom: 4px; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  .guide { font-size: 9pt; line-height: 1.3; background: #fff; color: #000; }
  .guide a { color: #000; }
  .guide-nav, .guide-switch { display: none; }
  .guide-header, .guide-main { max-width: none; padding: 0; }
  .guide h1 { font-size: 16pt; line-height: 1.2; margin-bottom: 4px; }
  .guide h2 { font-size: 13pt; line-height: 1.2; margin-bottom: 6px; }
  .guide h3 { font-size: 10pt; line-height: 1.2; margin-bottom: 2px; }
  .guide p { margin-bottom: 3px; }
  .guide-part + .guide-part { break-before: page; }
  .guide-section { border-top: none; padding: 6px 0; }
  /* Text on the left, a small screenshot on the right: a part of up to seven sub-steps fits one page. */
  .guide-substep { display: grid; grid-template-columns: 1fr 34mm; grid-auto-rows: min-content; gap: 0 6mm; margin-bottom: 4px; break-inside: avoid; }
  .guide-substep > :not(.guide-figure) { grid-column: 1; }
  .guide-figure { grid-column: 2; grid-row: 1 / span 8; margin: 0; }
  .guide-figure img, .guide-figure.portrait img { max-width: 100%; max-height: 24mm; margin-left: auto; }
  .guide-problems { display: none; }
  .guide dl { margin: 2px 0; gap: 0 8px; }
}
`;
