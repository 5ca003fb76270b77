import restify from 'restify';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState, type Attachment, type TurnContext } from 'botbuilder';
import { createStorage } from '../../src/storage/createStorage';
import { isConnected } from '../../src/storage/botStorage';

/**
 * The two bots the bot under test is measured against, each in its own process on the same botbuilder and
 * restify: (a) the plain echo bot of BotBuilder-Samples' 02.echo-bot (CloudAdapter, restify, no state), and
 * (b) the floor: an echo bot that keeps conversation and user state on the bot's own SQLite store and answers
 * with an Adaptive Card as large as the bot's step card.
 */

/** The echo: whatever was typed, said back. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(context.activity.text ?? '');
      await next();
    });
  }
}

/** The floor: reads and writes both states every turn, one card reply. */
class FloorBot extends ActivityHandler {
  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    card: Attachment,
  ) {
    super();
    const turns = conversationState.createProperty<number>('turns');
    const messages = userState.createProperty<number>('messages');
    this.onMessage(async (context, next) => {
      await turns.set(context, (await turns.get(context, 0)) + 1);
      await messages.set(context, (await messages.get(context, 0)) + 1);
      await context.sendActivity({ attachments: [card] });
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}

/** An Adaptive Card shaped like a step card (a heading, a text, an image, five buttons) and padded to exactly `bytes` of JSON. */
function cardOfSize(bytes: number): Attachment {
  const card = (filler: string) => ({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'floor', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: filler, wrap: true },
      { type: 'Image', url: 'http://127.0.0.1/images/nl/floor.png', altText: 'floor' },
    ],
    actions: ['next', 'problem', 'back', 'servicedesk', 'stop'].map((action) => ({ type: 'Action.Submit', title: action, data: { action, step: 'floor.step' } })),
  });
  const empty = Buffer.byteLength(JSON.stringify(card('')));
  return CardFactory.adaptiveCard(card('x'.repeat(Math.max(0, bytes - empty))));
}

/** Starts a baseline on 127.0.0.1:`port`, as the samples' index.js does. */
export async function runBaseline(kind: 'echo' | 'floor', env: NodeJS.ProcessEnv): Promise<void> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => void process.stderr.write(`${kind}: ${error.stack}\n`);
  let bot: ActivityHandler = new EchoBot();
  if (kind === 'floor') {
    const storage = await createStorage({ kind: 'sqlite', sqlitePath: env.SQLITE_PATH!, blobConnectionString: '', blobContainer: 'unused', retentionDays: 90 });
    if (isConnected(storage)) storage.open();
    bot = new FloorBot(new ConversationState(storage), new UserState(storage), cardOfSize(Number(env.FLOOR_CARD_BYTES)));
  }
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(Number(env.PORT), '127.0.0.1', resolve));
}
