import { Fragment, type ReactNode } from 'react';

/**
 * The little markdown the cards' texts use (the same texts come to the page): paragraphs, line breaks, **bold**,
 * _italic_ and [links](https://…). Drawn as React elements, never as HTML, so no text can become markup.
 */
export function Markdown({ text, inline = false }: { text: string; inline?: boolean }) {
  if (inline) return <>{inlineParts(text)}</>;
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{inlineParts(paragraph)}</p>
      ))}
    </>
  );
}

const token = /\*\*(.+?)\*\*|(?<![\p{L}\p{N}])_(.+?)_(?![\p{L}\p{N}])|\[([^\]\n]+)\]\(([^)\s]+)\)|\n/gu;
const safeLink = /^(https:|http:|mailto:|tel:)/i;

function inlineParts(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(token)) {
    const index = match.index ?? 0;
    if (index > at) parts.push(text.slice(at, index));
    const [whole, bold, italic, linkText, href] = match;
    const key = parts.length;
    if (bold !== undefined) parts.push(<strong key={key}>{inlineParts(bold)}</strong>);
    else if (italic !== undefined) parts.push(<em key={key}>{inlineParts(italic)}</em>);
    else if (linkText !== undefined && href !== undefined) {
      parts.push(
        safeLink.test(href) ? (
          <a key={key} href={href} target="_blank" rel="noreferrer">
            {inlineParts(linkText)}
          </a>
        ) : (
          <Fragment key={key}>{linkText}</Fragment>
        ),
      );
    } else if (whole === '\n') parts.push(<br key={key} />);
    at = index + whole.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
