/**
 * Control characters: what a terminal, a CI log viewer or a pull-request comment would act on
 * instead of showing (ESC starts colour and cursor sequences, CR rewinds the line, BEL rings).
 * Names and templates come from the specs and from AWS, where anyone with write access to the
 * account can put them; they reach the plan, the drift report and the diagnostics as text.
 *
 * `CONTROL_CHAR` is what a spec may not hold: C0 controls except tab, line feed and carriage
 * return (YAML block scalars such as VTL templates use those), DEL, and C1 controls.
 */
export const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const C0_NAMES = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY', 'ACKNOWLEDGE', 'BELL',
  'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED', 'LINE TABULATION', 'FORM FEED', 'CARRIAGE RETURN', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE', 'DEVICE CONTROL FOUR', 'NEGATIVE ACKNOWLEDGE',
  'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK', 'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE', 'FILE SEPARATOR',
  'GROUP SEPARATOR', 'RECORD SEPARATOR', 'UNIT SEPARATOR',
];
const C1_NAMES: Record<number, string> = { 0x85: 'NEXT LINE', 0x9b: 'CONTROL SEQUENCE INTRODUCER', 0x9d: 'OPERATING SYSTEM COMMAND' };

/** `\u001b`: how a control character is shown. */
export function escapeChar(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `U+001B ESCAPE`, `U+0000 NULL`, `U+009B CONTROL SEQUENCE INTRODUCER`. */
export function controlCharName(ch: string): string {
  const code = ch.charCodeAt(0);
  const name = code < 0x20 ? C0_NAMES[code] : code === 0x7f ? 'DELETE' : (C1_NAMES[code] ?? 'C1 CONTROL');
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} ${name}`;
}

// Besides the controls: the bidirectional overrides and isolates (U+202A-202E, U+2066-2069), which
// reorder what a reviewer sees in a pull-request comment or an editor ("Trojan Source"), and the
// line and paragraph separators (U+2028, U+2029), which some viewers break lines at. Specs may
// hold them (right-to-left text is legitimate in a description); output shows them escaped.
const IN_LINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const IN_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * One line of output with every control character but tab (and each bidi override or isolate)
 * written as `\u001b` (line breaks too:
 * a line break inside a name would let it forge lines of its own).
 */
export function visibleLine(s: string): string {
  return s.replace(IN_LINE, escapeChar);
}

/** The same for text whose line feeds are meant (a message, a fix): those stay. */
export function visibleText(s: string): string {
  return s.replace(IN_TEXT, escapeChar);
}

/** A line for HTML inside Markdown (`<code>`, `<summary>`): control characters shown, `& < >` escaped. */
export function escapeHtml(s: string): string {
  return visibleLine(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown text with its markup characters escaped, so a value never turns into formatting. */
export function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}
