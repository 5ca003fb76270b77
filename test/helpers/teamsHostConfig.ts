/**
 * How Microsoft Teams (light theme) draws an Adaptive Card, for rendering our cards as a phone shows them.
 *
 * Source: the "Microsoft Teams - Light" host of the Adaptive Cards Designer, in microsoft/AdaptiveCards:
 * samples/HostConfig/microsoft-teams-light.json (spacing, font sizes and weights, colours, actions: horizontal,
 * at most 6, 8 px apart) and source/nodejs/adaptivecards-designer/src/containers/teams/teams-container-light.css
 * (buttons: 32 px high, 10 px side padding, 2 px border; links #6264A7). Teams' own Fluent buttons are semibold, so
 * the titles here are too (wider than the designer's regular weight: a title that fits here fits in Teams).
 *
 * The font: Teams' stack is 'Segoe UI', Tahoma, Geneva, Verdana. Segoe UI is not on Linux, so text is measured in
 * Liberation Sans (Debian's fonts-liberation), which has Arial's metrics: as wide as Segoe UI and Roboto (Android) in
 * regular text, and in buttons (semibold, drawn bold here) a few per cent wider than Segoe UI Semibold.
 */
export const measuringFont = 'Liberation Sans';

/** A small phone's viewport; the card gets all of it (what `msteams.width: Full` asks for), more than Teams leaves it. */
export const phoneWidth = 360;

const fontFamily = `'Segoe UI', '${measuringFont}', sans-serif`;

/** Every container style draws text in the same colours (#AARRGGBB where a colour is translucent). */
const foregroundColors = {
  default: { default: '#ff252424', subtle: '#bf252424' },
  dark: { default: '#252424', subtle: '#bf252424' },
  light: { default: '#ffffff', subtle: '#fff3f2f1' },
  accent: { default: '#6264a7', subtle: '#8b8cc7' },
  good: { default: '#92c353', subtle: '#e592c353' },
  warning: { default: '#f8d22a', subtle: '#e5f8d22a' },
  attention: { default: '#c4314b', subtle: '#e5c4314b' },
};

const containerStyle = (backgroundColor: string) => ({ backgroundColor, foregroundColors });

const fontSizes = { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 };
const fontWeights = { lighter: 200, default: 400, bolder: 600 };

export const teamsHostConfig = {
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#EEEEEE' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  fontStyles: {
    default: { fontFamily, fontSizes, fontWeights },
    monospace: { fontFamily: "'Courier New', 'Liberation Mono', monospace", fontSizes, fontWeights },
  },
  containerStyles: {
    default: containerStyle('#ffffff'),
    emphasis: containerStyle('#fff9f8f7'),
    accent: containerStyle('#C7DEF9'),
    good: containerStyle('#CCFFCC'),
    attention: containerStyle('#FFC5B2'),
    warning: containerStyle('#FFE2B2'),
  },
  actions: {
    maxActions: 6,
    spacing: 'Default',
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    preExpandSingleShowCardAction: false,
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
  },
  adaptiveCard: { allowCustomStyle: false },
  imageSet: { imageSize: 'Medium', maxImageHeight: 100 },
  factSet: {
    title: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Bolder', wrap: true },
    value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 16,
  },
};

/** The designer's Teams stylesheet for what the host config does not cover: buttons, links, inputs. */
export const teamsCss = `
  html, body { margin: 0; padding: 0; background: #ffffff; }
  #card { width: ${phoneWidth}px; }
  .ac-pushButton {
    overflow: hidden; text-overflow: ellipsis; text-align: center; vertical-align: middle;
    font-family: ${fontFamily}; font-size: 14px; font-weight: 600;
    padding: 4px 10px 5px 10px; height: 32px;
    background-color: #ffffff; color: #6264A7; border: 2px solid #BFC0DA; border-radius: 4px;
  }
  .ac-pushButton.style-emphasis, .ac-pushButton.expanded { background-color: #6264A7; border: 2px solid #6264A7; color: #ffffff; }
  a.ac-anchor { text-decoration: none; color: #6264A7; }
  .ac-input { font-family: ${fontFamily}; font-size: 14px; color: #000000; }
  .ac-input.ac-textInput, .ac-input.ac-multichoiceInput {
    background-color: #F3F2F1; border: 1px solid #F3F2F1; border-radius: 4px; padding: 4px 8px; height: 31px;
  }
  .ac-input.ac-textInput.ac-multiline { height: 72px; }
`;
