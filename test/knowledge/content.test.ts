import content from '../../src/knowledge/data/intents.json';
import { ContentError } from '../../src/core/errors';
import { problemIntents } from '../../src/guide/setupGuide';
import { parseIntents } from '../../src/knowledge/knowledgeBase';
import { loadKnowledgeBase } from '../../src/knowledge/loadKnowledgeBase';

// The catalogue of kb-content.md §6.
const catalogue = `prereq_wat_nodig prereq_geen_smartphone prereq_gebruikersnaam auth_app_installeren auth_werkaccount_toevoegen
auth_persoonlijk_gekozen auth_qr_scant_niet auth_code_werkt_niet auth_geen_melding auth_nieuwe_telefoon auth_telefoon_kwijt
auth_back_up_herstel auth_telefoon_vergeten auth_max_vijf mfa_registratie_starten mfa_nummer_matching mfa_geen_getal
mfa_getal_klopt_niet mfa_sms_niet_ontvangen mfa_verkeerd_nummer mfa_sms_code_ongeldig mfa_limiet_bereikt mfa_geen_wizard
mfa_uitzetten mfa_nieuw_nummer fc_versie fc_verbinding_instellen fc_saml_knop_ontbreekt fc_saml_inloggen fc_werk_of_persoonlijk
fc_blijft_hangen fc_fout_7200 fc_leeg_venster fc_automatisch_verkeerd_account fc_geen_toegang fc_mfa_te_laat
fc_verbonden_direct_weg fc_certificaatwaarschuwing gen_servicedesk gen_onverwachte_melding`.split(/\s+/);

const valid = () => JSON.parse(JSON.stringify(content)) as { intents: Array<Record<string, unknown>> };

describe('the knowledge base content', () => {
  it('validates and holds every intent of the catalogue', () => {
    const ids = loadKnowledgeBase().intents.map((intent) => intent.id);
    expect(ids).toEqual(expect.arrayContaining(catalogue));
  });

  it('has every intent the guide offers under "it did not work"', () => {
    expect(() => loadKnowledgeBase().requireAll(problemIntents(), 'setupGuide')).not.toThrow();
  });

  it("cites only Microsoft's and Fortinet's own pages: no third-party wiki, forum or raw file", () => {
    const hosts = new Set(loadKnowledgeBase().intents.flatMap((intent) => intent.sources.map((source) => new URL(source).hostname)));
    const publishers = /(^|\.)(microsoft\.com|fortinet\.com)$/;
    expect([...hosts].filter((host) => !publishers.test(host))).toEqual([]);
  });

  it('writes no organisation facts literally in titles and answers (they come from the configuration)', () => {
    const shown = loadKnowledgeBase().intents.map((intent) => JSON.stringify([intent.title, intent.answer]));
    expect(shown.filter((text) => /zorgring/i.test(text))).toEqual([]);
  });

  it.each([
    ['a duplicate id', (c: ReturnType<typeof valid>) => c.intents.push(c.intents[0]), /intent "prereq_wat_nodig": id is used twice/],
    ['an empty English answer', (c: ReturnType<typeof valid>) => ((c.intents[3].answer as Record<string, string>).en = ' '), /intent "auth_app_installeren": answer\.en/],
    ['a missing Dutch title', (c: ReturnType<typeof valid>) => delete (c.intents[5].title as Record<string, string>).nl, /intent "auth_persoonlijk_gekozen": title\.nl/],
    ['a malformed link', (c: ReturnType<typeof valid>) => (c.intents[7].sources = ['support microsoft com']), /intent "auth_code_werkt_niet": sources\[0\] is not a well-formed URL/],
    ['an unknown part', (c: ReturnType<typeof valid>) => (c.intents[2].part = 'vpn'), /intent "prereq_gebruikersnaam": part/],
    ['too few English utterances', (c: ReturnType<typeof valid>) => ((c.intents[4].utterances as Record<string, string[]>).en = ['one', 'two']), /intent "auth_werkaccount_toevoegen": utterances\.en needs at least 12/],
    ['a raw GitHub file as a source', (c: ReturnType<typeof valid>) => ((c.intents[7].sources as string[])[0] = 'https://raw.githubusercontent.com/MicrosoftDocs/azure-docs/main/articles/faq.md'), /intent "auth_code_werkt_niet": sources\[0\] is not a page of a publisher/],
    ['a third-party wiki as a source', (c: ReturnType<typeof valid>) => (c.intents[7].sources as string[]).push('https://github.com/jamie-mh/AuthenticatorPro/wiki/Codes-not-working'), /intent "auth_code_werkt_niet": sources\[1\] is not a page of a publisher/],
    ['a look-alike host as a source', (c: ReturnType<typeof valid>) => ((c.intents[7].sources as string[])[0] = 'https://notmicrosoft.com/help'), /sources\[0\] is not a page of a publisher/],
    ['an unknown placeholder', (c: ReturnType<typeof valid>) => ((c.intents[1].answer as Record<string, string>).nl += ' {{telefoon}}'), /unknown placeholder \{\{telefoon\}\}/],
  ])('rejects %s with an error naming the entry', (_name, breakIt, message) => {
    const broken = valid();
    breakIt(broken);
    expect(() => parseIntents(broken)).toThrow(ContentError);
    expect(() => parseIntents(broken)).toThrow(message);
  });
});
