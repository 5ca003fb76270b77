import {
  Button,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStaticStyles,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { DashboardBody, DashboardFunnel, DashboardRefusal, QuestionLine } from '../../src/tabs/dashboardAnswer';

/** The provider paints the theme's background: no white margin around it. */
const useBodyStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  page: { padding: '16px 24px 32px', maxWidth: '1200px', margin: '0 auto', color: tokens.colorNeutralForeground1 },
  header: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', columnGap: '16px', rowGap: '8px' },
  h1: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold, margin: '8px 0' },
  h2: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500, fontWeight: tokens.fontWeightSemibold, margin: '24px 0 8px' },
  h3: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400, fontWeight: tokens.fontWeightSemibold, margin: '12px 0 4px' },
  meta: { display: 'flex', flexDirection: 'column', rowGap: '4px', color: tokens.colorNeutralForeground2 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', columnGap: '24px' },
  counts: { display: 'flex', columnGap: '32px', margin: 0 },
  figure: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  caption: { textAlign: 'start', color: tokens.colorNeutralForeground2, padding: '4px 0', captionSide: 'top' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  scroll: { overflowX: 'auto' },
  // On a phone the ticket table scrolls sideways instead of squeezing its columns into each other.
  wide: { minWidth: '640px' },
});

/** A refusal (401/403) or a failure: the API's own sentence when it gave one. */
export function RefusedView({ refusal }: { refusal: DashboardRefusal }) {
  useBodyStyles();
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <h1 className={styles.h1}>{refusal.labels.heading}</h1>
      <MessageBar intent="warning" role="alert">
        <MessageBarBody>{refusal.message}</MessageBarBody>
      </MessageBar>
    </main>
  );
}

/** The servicedesk's dashboard: the queue, the ticket counts, the guide's funnel and the top questions. */
export function DashboardView({ body, onRefresh, busy }: { body: DashboardBody; onRefresh: () => void; busy: boolean }) {
  useBodyStyles();
  const styles = useStyles();
  const label = (key: string) => body.labels[key] ?? '';
  return (
    <main className={styles.page} aria-busy={busy}>
      <header className={styles.header}>
        <h1 className={styles.h1}>{label('heading')}</h1>
        <Button appearance="primary" onClick={onRefresh} disabled={busy}>
          {label('refresh')}
        </Button>
      </header>
      <div className={styles.meta}>
        {body.signedInAs && <Text>{body.signedInAs}</Text>}
        <Text role="status" aria-live="polite">
          {body.updated}
        </Text>
      </div>
      {body.devMode && (
        <MessageBar intent="warning" data-testid="dev-mode">
          <MessageBarBody>{label('devMode')}</MessageBarBody>
        </MessageBar>
      )}

      <section aria-labelledby="tickets-heading">
        <h2 id="tickets-heading" className={styles.h2}>
          {label('tickets.heading')}
        </h2>
        {body.tickets.length === 0 ? (
          <Text>{label('tickets.none')}</Text>
        ) : (
          // Focusable, so that a keyboard can scroll it when it is wider than the screen.
          <div className={styles.scroll} role="region" aria-labelledby="tickets-heading" tabIndex={0}>
            <Table className={styles.wide} aria-labelledby="tickets-heading" data-testid="tickets">
              <caption className={styles.caption}>{label('tickets.caption')}</caption>
              <TableHeader>
                <TableRow>
                  {['number', 'user', 'status', 'agent', 'since', 'waited'].map((key) => (
                    <TableHeaderCell key={key} scope="col">
                      {label(`tickets.${key}`)}
                    </TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {body.tickets.map((ticket) => (
                  <TableRow key={ticket.id} data-state={ticket.state}>
                    <TableCell>
                      <strong>{ticket.id}</strong>
                    </TableCell>
                    <TableCell>{ticket.user}</TableCell>
                    <TableCell>{ticket.stateText}</TableCell>
                    <TableCell>{ticket.agent}</TableCell>
                    <TableCell>
                      <time dateTime={ticket.createdAt}>{ticket.since}</time>
                    </TableCell>
                    <TableCell>{ticket.waited}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      <div className={styles.grid}>
        <section aria-labelledby="counts-heading">
          <h2 id="counts-heading" className={styles.h2}>
            {label('counts.heading')}
          </h2>
          <dl className={styles.counts}>
            {(['today', 'week'] as const).map((key) => (
              <div key={key}>
                <dt>{label(`counts.${key}`)}</dt>
                <dd className={styles.figure} data-testid={`count-${key}`}>
                  {body.counts[key]}
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="funnel-heading">
          <h2 id="funnel-heading" className={styles.h2}>
            {label('funnel.heading')}
          </h2>
          {'none' in body.funnel ? <Text>{body.funnel.none}</Text> : <Funnel funnel={body.funnel} label={label} />}
        </section>
      </div>

      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading" className={styles.h2}>
          {label('questions.heading')}
        </h2>
        <div className={styles.grid}>
          <Questions id="asked" title={label('questions.asked')} lines={body.questions.asked} label={label} />
          <Questions id="unresolved" title={label('questions.unresolved')} lines={body.questions.unresolved} label={label} />
        </div>
      </section>
    </main>
  );
}

function Funnel({ funnel, label }: { funnel: DashboardFunnel; label: (key: string) => string }) {
  const styles = useStyles();
  return (
    <>
      <Text>{funnel.rollout}</Text>
      <Table data-testid="funnel" aria-labelledby="funnel-heading">
        <caption className={styles.caption}>{label('funnel.caption')}</caption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{label('funnel.stage')}</TableHeaderCell>
            <TableHeaderCell scope="col" className={styles.number}>
              {label('funnel.people')}
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {funnel.stages.map((stage) => (
            <TableRow key={stage.key} data-stage={stage.key}>
              <TableCell>{stage.label}</TableCell>
              <TableCell className={styles.number}>{stage.count}</TableCell>
            </TableRow>
          ))}
          <TableRow data-stage="registered">
            <TableCell>{funnel.registered.label}</TableCell>
            <TableCell className={styles.number}>{funnel.registered.count ?? ''}</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </>
  );
}

function Questions({ id, title, lines, label }: { id: string; title: string; lines: QuestionLine[]; label: (key: string) => string }) {
  const styles = useStyles();
  return (
    <div>
      <h3 id={`questions-${id}`} className={styles.h3}>
        {title}
      </h3>
      {lines.length === 0 ? (
        <Text>{label('questions.none')}</Text>
      ) : (
        <Table aria-labelledby={`questions-${id}`} data-testid={`questions-${id}`}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{label('questions.question')}</TableHeaderCell>
              <TableHeaderCell scope="col" className={styles.number}>
                {label('questions.count')}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {lines.map((line) => (
              <TableRow key={line.intent}>
                <TableCell>{line.title}</TableCell>
                <TableCell className={styles.number}>{line.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
