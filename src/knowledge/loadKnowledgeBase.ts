import content from './data/intents.json';
import { KnowledgeBase, parseIntents } from './knowledgeBase';

/** The knowledge base shipped with the bot, validated once. */
export function loadKnowledgeBase(): KnowledgeBase {
  return new KnowledgeBase(parseIntents(content));
}
