// [^<]* and not .*?: a lazy match retried from every "<at>" without an end is quadratic.
const mentionMarkup = /<at>[^<]*<\/at>/g;

/** A message's text without its @mentions ("<at>2FA Servicedesk</at>"): markup Teams adds, not something the person typed. */
export const withoutMentions = (text: string): string => text.replace(mentionMarkup, ' ');
